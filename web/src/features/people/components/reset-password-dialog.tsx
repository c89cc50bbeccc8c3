import { resetPasswordInputSchema, type User } from '@tokendesk/shared/schemas/user'
import { type FormEvent, useState } from 'react'
import { ReauthDialog } from '@/components/reauth-dialog'
import { Alert } from '@/components/ui/alert'
import { Dialog } from '@/components/ui/dialog'
import { TextField } from '@/components/ui/field'
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
import { type ResetPasswordVariables, useResetPassword } from '../api/reset-password'
import { MustChangeCheckbox } from './must-change-checkbox'

const passwordOnly = resetPasswordInputSchema.pick({ password: true })

type ResetPasswordDialogProps = { person: User; open: boolean; onClose: () => void }

/** An admin sets someone's password: they are signed out everywhere at once. */
export function ResetPasswordDialog({ person, open, onClose }: ResetPasswordDialogProps) {
  const reset = useResetPassword()
  const toast = useToast()
  const stepUp = useStepUp()
  const [errors, setErrors] = useState<FieldErrors>({})

  const close = () => {
    setErrors({})
    reset.reset()
    onClose()
  }

  const submit = (variables: ResetPasswordVariables, afterPassword = false) =>
    reset.mutate(variables, {
      onSuccess: (user) => {
        toast.notify(
          user.mustChangePassword
            ? `${user.name} has a new password and must change it at next sign-in.`
            : `${user.name} has a new password.`,
        )
        close()
      },
      onError: (error) => {
        if (!afterPassword && stepUp.intercept(error, () => submit(variables, true))) return
        setErrors(serverFieldErrors(error))
      },
    })

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const result = validateForm(passwordOnly, { password: readForm(form).password ?? '' })
    if (!result.ok) {
      setErrors(result.errors)
      focusFirstError(form, result.errors)
      return
    }
    setErrors({})
    const mustChangePassword = new FormData(form).has('mustChangePassword')
    submit({ id: person.id, input: { password: result.data.password, mustChangePassword } })
  }

  return (
    <>
      <Dialog open={open} title={`Reset the password for ${person.name}`} onClose={close}>
        <form className="form" noValidate onSubmit={handleSubmit}>
          <p>{person.email} is signed out everywhere at once. Share the new password privately.</p>
          {reset.isError && !hasFieldErrors(errors) && !stepUp.open ? (
            <Alert tone="error">{formatError(reset.error)}</Alert>
          ) : null}
          <TextField
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            required
            hint="At least 10 characters."
            error={errors.password}
          />
          <MustChangeCheckbox />
          <div className="dialog-actions">
            <button type="button" className="button button-secondary" onClick={close}>
              Cancel
            </button>
            <SubmitButton pending={reset.isPending}>Set password</SubmitButton>
          </div>
        </form>
      </Dialog>
      <ReauthDialog
        open={stepUp.open}
        action="setting someone’s password"
        onConfirmed={stepUp.confirm}
        onCancel={stepUp.cancel}
      />
    </>
  )
}
