import { changePasswordInputSchema } from '@tokendesk/shared/schemas/user'
import { z } from 'zod'
import { Alert } from '@/components/ui/alert'
import { TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import { useValidatedSubmit } from '@/hooks/use-validated-submit'
import { hasFieldErrors, serverFieldErrors } from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { useChangePassword } from '../api/change-password'

const changePasswordFormSchema = changePasswordInputSchema
  .extend({ confirmPassword: z.string() })
  .refine((v) => v.newPassword !== v.currentPassword, {
    path: ['newPassword'],
    message: 'Choose a new password, not the current one',
  })
  .refine((v) => v.newPassword === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The new passwords do not match',
  })

type ChangePasswordFormProps = {
  /** Replaces the toast, e.g. to leave the page once a required change is done. */
  onChanged?: () => void
  currentLabel?: string
}

export function ChangePasswordForm({
  onChanged,
  currentLabel = 'Current password',
}: ChangePasswordFormProps) {
  const changePassword = useChangePassword()
  const toast = useToast()
  const { errors, onSubmit } = useValidatedSubmit(
    changePasswordFormSchema,
    ({ currentPassword, newPassword }, { form, setErrors }) =>
      changePassword.mutate(
        { currentPassword, newPassword },
        {
          onSuccess: () => {
            form.reset()
            if (onChanged) onChanged()
            else toast.notify('Password changed. Other sessions were signed out.')
          },
          onError: (error) =>
            setErrors(
              serverFieldErrors(error, {
                wrong_password: 'currentPassword',
                password_unchanged: 'newPassword',
              }),
            ),
        },
      ),
  )

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      {changePassword.isError && !hasFieldErrors(errors) ? (
        <Alert tone="error">{formatError(changePassword.error)}</Alert>
      ) : null}
      <TextField
        label={currentLabel}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={errors.currentPassword}
      />
      <TextField
        label="New password"
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters."
        error={errors.newPassword}
      />
      <TextField
        label="Confirm new password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        error={errors.confirmPassword}
      />
      <SubmitButton pending={changePassword.isPending}>Change password</SubmitButton>
    </form>
  )
}
