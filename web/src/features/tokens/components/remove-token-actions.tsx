import type { TokenView } from '@tokendesk/shared/schemas/token'
import { useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { Alert } from '@/components/ui/alert'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { useToast } from '@/components/ui/use-toast'
import { paths } from '@/config/paths'
import { formatError } from '@/lib/format-error'
import { useDeleteToken } from '../api/delete-token'
import { useRevokeToken } from '../api/revoke-token'
import { BotKeyUsageList } from './bot-key-usage-list'
import { describeProviderAnswer } from './provider-answer'
import { can } from './token-labels'

type RemoveTokenActionsProps = { token: TokenView; botKeyNames: ReadonlyMap<string, string> }

export function RemoveTokenActions({ token, botKeyNames }: RemoveTokenActionsProps) {
  const [confirming, setConfirming] = useState<'revoke' | 'delete' | null>(null)
  const [answer, setAnswer] = useState<string | null>(null)
  const revoke = useRevokeToken()
  const remove = useDeleteToken()
  const toast = useToast()
  const navigate = useNavigate()
  const error = revoke.error ?? remove.error

  const confirm = () => {
    if (confirming === 'revoke') {
      revoke.mutate(token.id, {
        onSuccess: (result) => {
          setAnswer(`Revoked. ${describeProviderAnswer(result)}`)
          toast.notify('Token revoked')
        },
        onSettled: () => setConfirming(null),
      })
    } else {
      remove.mutate(token.id, {
        onSuccess: (result) => {
          toast.notify(`“${token.label}” was deleted. ${describeProviderAnswer(result)}`)
          navigate(paths.tokens.getHref(), { replace: true })
        },
        onError: () => setConfirming(null),
      })
    }
  }

  return (
    <div className="stack">
      {answer ? <Alert tone="success">{answer}</Alert> : null}
      {error ? <Alert tone="error">{formatError(error)}</Alert> : null}
      <div className="button-row">
        {can(token, 'token.revoke') && token.status !== 'revoked' ? (
          <button
            type="button"
            className="button button-danger-outline"
            onClick={() => setConfirming('revoke')}
          >
            Revoke
          </button>
        ) : null}
        {can(token, 'token.delete') ? (
          <button
            type="button"
            className="button button-danger"
            onClick={() => setConfirming('delete')}
          >
            Delete
          </button>
        ) : null}
      </div>
      <ConfirmDialog
        open={confirming !== null}
        title={confirming === 'revoke' ? `Revoke “${token.label}”?` : `Delete “${token.label}”?`}
        confirmLabel={confirming === 'revoke' ? 'Revoke token' : 'Delete token'}
        tone="danger"
        busy={revoke.isPending || remove.isPending}
        onCancel={() => setConfirming(null)}
        onConfirm={confirm}
      >
        <p>
          {confirming === 'revoke'
            ? 'Token Desk asks the provider to revoke it and wipes the stored value; the record stays for history.'
            : 'Token Desk asks the provider to revoke it, then deletes it and its value for good.'}
        </p>
        {confirming ? <BotKeyUsageList tokenId={token.id} botKeyNames={botKeyNames} /> : null}
      </ConfirmDialog>
    </div>
  )
}
