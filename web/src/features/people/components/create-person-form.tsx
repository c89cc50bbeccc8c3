import { createInviteInputSchema } from '@tokendesk/shared/schemas/invite'
import { type CreateUserInput, createUserInputSchema, ROLES } from '@tokendesk/shared/schemas/user'
import { type FormEvent, useState } from 'react'
import { ReauthDialog } from '@/components/reauth-dialog'
import { Alert } from '@/components/ui/alert'
import { SelectField, TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import { useStepUp } from '@/hooks/use-step-up'
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  readForm,
  serverFieldErrors,
  validateForm,
} from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { ROLE_LABELS } from '@/lib/role-labels'
import { type createInvite, useCreateInvite } from '../api/create-invite'
import { useCreateUser } from '../api/create-user'
import { type CreatedInvite, InviteLinkDialog } from './invite-link-dialog'
import { MustChangeCheckbox } from './must-change-checkbox'
import { ROLE_DESCRIPTIONS } from './role-descriptions'

type Mode = 'invite' | 'password'

const passwordFormSchema = createUserInputSchema.omit({ mustChangePassword: true })

type InviteInput = Parameters<typeof createInvite>[0]

/** Adds someone by invite link (they choose their password) or with a password set for them. */
export function CreatePersonForm() {
  const createUser = useCreateUser()
  const createInvite = useCreateInvite()
  const toast = useToast()
  const [mode, setMode] = useState<Mode>('invite')
  const [errors, setErrors] = useState<FieldErrors>({})
  const [created, setCreated] = useState<CreatedInvite | null>(null)
  const stepUp = useStepUp()
  const pending = createUser.isPending || createInvite.isPending
  const failed = mode === 'invite' ? createInvite : createUser

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const { email = '', name = '', role = '', password = '' } = readForm(form)
    if (mode === 'invite') {
      const result = validateForm(createInviteInputSchema, { email, name, role })
      if (!result.ok) return showErrors(form, result.errors)
      setErrors({})
      return submitInvite(form, result.data)
    }
    const result = validateForm(passwordFormSchema, { email, name, role, password })
    if (!result.ok) return showErrors(form, result.errors)
    setErrors({})
    const mustChangePassword = new FormData(form).has('mustChangePassword')
    submitPerson(form, { ...result.data, mustChangePassword })
  }

  const showErrors = (form: HTMLFormElement, found: FieldErrors) => {
    setErrors(found)
    focusFirstError(form, found)
  }

  // Both are as strong as a reveal: the server may ask for the password first.
  const submitPerson = (form: HTMLFormElement, input: CreateUserInput, afterPassword = false) =>
    createUser.mutate(input, {
      onSuccess: (user) => {
        form.reset()
        toast.notify(`${user.name} can now sign in as ${user.email}.`)
      },
      onError: (error) => {
        if (!afterPassword && stepUp.intercept(error, () => submitPerson(form, input, true))) return
        setErrors(serverFieldErrors(error, { email_taken: 'email' }))
      },
    })

  const submitInvite = (form: HTMLFormElement, input: InviteInput, afterPassword = false) =>
    createInvite.mutate(input, {
      onSuccess: ({ url, invite }) => {
        form.reset()
        setCreated({ url, email: invite.email, expiresAt: invite.expiresAt })
      },
      onError: (error) => {
        if (!afterPassword && stepUp.intercept(error, () => submitInvite(form, input, true))) return
        setErrors(serverFieldErrors(error, { email_taken: 'email' }))
      },
    })

  const choose = (next: Mode) => {
    setMode(next)
    setErrors({})
  }

  return (
    <>
      <form className="form form-grid" noValidate onSubmit={handleSubmit}>
        <fieldset className="fieldset form-grid-full">
          <legend>How they get in</legend>
          <div className="checkbox-grid">
            <label className="checkbox">
              <input
                type="radio"
                name="mode"
                value="invite"
                checked={mode === 'invite'}
                onChange={() => choose('invite')}
              />
              <span>
                Send an invite link
                <br />
                <span className="checkbox-hint">They choose their own password.</span>
              </span>
            </label>
            <label className="checkbox">
              <input
                type="radio"
                name="mode"
                value="password"
                checked={mode === 'password'}
                onChange={() => choose('password')}
              />
              <span>
                Set a password for them
                <br />
                <span className="checkbox-hint">You share it with them privately.</span>
              </span>
            </label>
          </div>
        </fieldset>
        {failed.isError && !hasFieldErrors(errors) && !stepUp.open ? (
          <div className="form-grid-full">
            <Alert tone="error">{formatError(failed.error)}</Alert>
          </div>
        ) : null}
        <TextField
          label="Email"
          name="email"
          type="email"
          autoComplete="off"
          required
          error={errors.email}
        />
        <TextField label="Name" name="name" autoComplete="off" required error={errors.name} />
        {mode === 'password' ? (
          <>
            <TextField
              label="Initial password"
              name="password"
              type="password"
              autoComplete="new-password"
              required
              hint="At least 10 characters. Share it privately."
              error={errors.password}
            />
            <MustChangeCheckbox />
          </>
        ) : null}
        <SelectField
          label="Role"
          name="role"
          defaultValue="owner"
          hint={`${ROLE_DESCRIPTIONS.owner}. ${ROLE_DESCRIPTIONS.admin}.`}
          error={errors.role}
        >
          {ROLES.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </SelectField>
        <div className="form-grid-full">
          <SubmitButton pending={pending}>
            {mode === 'invite' ? 'Create invite link' : 'Create person'}
          </SubmitButton>
          {mode === 'invite' ? (
            <p className="field-hint">The link works once and expires after 7 days.</p>
          ) : null}
        </div>
      </form>
      <InviteLinkDialog created={created} onClose={() => setCreated(null)} />
      <ReauthDialog
        open={stepUp.open}
        action="adding a person"
        onConfirmed={stepUp.confirm}
        onCancel={stepUp.cancel}
      />
    </>
  )
}
