import type { User } from '@tokendesk/shared/schemas/user'
import { useState } from 'react'
import { ReauthDialog } from '@/components/reauth-dialog'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { useToast } from '@/components/ui/use-toast'
import { useStepUp } from '@/hooks/use-step-up'
import { type UpdateUserInput, useUpdateUser } from '../api/update-user'
import { ResetPasswordDialog } from './reset-password-dialog'

type PersonActionsProps = {
  person: User
  isSelf: boolean
  /** The only active admin: making them an owner would leave no one to manage people. */
  onlyAdmin?: boolean
  onUpdated?: (user: User) => void
  onResult: (error: unknown) => void
}

type Pending = { patch: UpdateUserInput['patch']; title: string; body: string; confirm: string }

export function PersonActions({
  person,
  isSelf,
  onlyAdmin = false,
  onUpdated,
  onResult,
}: PersonActionsProps) {
  const update = useUpdateUser({ onUpdated })
  const toast = useToast()
  const [pending, setPending] = useState<Pending | null>(null)
  const [resetting, setResetting] = useState(false)
  const stepUp = useStepUp()
  const nextRole = person.role === 'admin' ? 'owner' : 'admin'

  // Granting a role or letting someone back in asks for a recent password; disabling does not.
  const apply = (patch: UpdateUserInput['patch'], success: string, afterPassword = false) => {
    update.mutate(
      { id: person.id, patch },
      {
        onSuccess: () => {
          toast.notify(success)
          onResult(null)
        },
        onError: (error) => {
          if (!afterPassword && stepUp.intercept(error, () => apply(patch, success, true))) return
          onResult(error)
        },
        onSettled: () => setPending(null),
      },
    )
  }

  const changeRole = () => {
    const success = `${person.name} is now ${nextRole === 'admin' ? 'an admin' : 'an owner'}.`
    if (!isSelf) return apply({ role: nextRole }, success)
    setPending({
      patch: { role: nextRole },
      title: 'Give up your admin role?',
      body: 'You will lose access to People and other admin pages straight away.',
      confirm: 'Make me an owner',
    })
  }

  const toggleDisabled = () => {
    if (person.disabled) return apply({ disabled: false }, `${person.name} can sign in again.`)
    setPending({
      patch: { disabled: true },
      title: `Disable ${person.name}?`,
      body: `${person.email} will be signed out everywhere and cannot sign in until re-enabled. Their tokens are kept.`,
      confirm: 'Disable account',
    })
  }

  return (
    <div className="row-actions">
      {onlyAdmin ? (
        <span className="muted">Only admin</span>
      ) : (
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={changeRole}
          disabled={update.isPending}
        >
          {nextRole === 'admin' ? 'Make admin' : 'Make owner'}
          <span className="visually-hidden"> {person.name}</span>
        </button>
      )}
      {isSelf ? null : (
        <button
          type="button"
          className="button button-secondary button-small"
          onClick={() => setResetting(true)}
        >
          Reset password
          <span className="visually-hidden"> for {person.name}</span>
        </button>
      )}
      {isSelf ? null : (
        <button
          type="button"
          className={`button button-small ${person.disabled ? 'button-secondary' : 'button-danger-outline'}`}
          onClick={toggleDisabled}
          disabled={update.isPending}
        >
          {person.disabled ? 'Enable' : 'Disable'}
          <span className="visually-hidden"> {person.name}</span>
        </button>
      )}
      <ConfirmDialog
        open={pending !== null}
        title={pending?.title ?? ''}
        confirmLabel={pending?.confirm ?? 'Confirm'}
        tone="danger"
        busy={update.isPending}
        onCancel={() => setPending(null)}
        onConfirm={() => {
          if (!pending) return
          const success = pending.patch.disabled
            ? `${person.name} is disabled and signed out.`
            : `${person.name} is now an owner.`
          apply(pending.patch, success)
        }}
      >
        <p>{pending?.body}</p>
      </ConfirmDialog>
      {isSelf ? null : (
        <ResetPasswordDialog person={person} open={resetting} onClose={() => setResetting(false)} />
      )}
      <ReauthDialog
        open={stepUp.open}
        action="changing what a person may do"
        onConfirmed={stepUp.confirm}
        onCancel={stepUp.cancel}
      />
    </div>
  )
}
