import { setupInputSchema, type User } from '@tokendesk/shared/schemas/user'
import { z } from 'zod'
import { Alert } from '@/components/ui/alert'
import { TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useValidatedSubmit } from '@/hooks/use-validated-submit'
import { hasFieldErrors, serverFieldErrors } from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { useSetupAdmin } from '../api/setup-admin'

const setupFormSchema = setupInputSchema
  .omit({ setupToken: true })
  .extend({ confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  })

type SetupFormProps = { setupToken: string; onSuccess: (user: User) => void }

export function SetupForm({ setupToken, onSuccess }: SetupFormProps) {
  const setup = useSetupAdmin()
  const { errors, onSubmit } = useValidatedSubmit(
    setupFormSchema,
    ({ name, email, password }, { setErrors }) =>
      setup.mutate(
        { setupToken, name, email, password },
        { onSuccess, onError: (error) => setErrors(serverFieldErrors(error)) },
      ),
  )

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      {setup.isError && !hasFieldErrors(errors) ? (
        <Alert tone="error">{formatError(setup.error)}</Alert>
      ) : null}
      <TextField label="Name" name="name" autoComplete="name" required error={errors.name} />
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="email"
        required
        error={errors.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters. A long passphrase is best."
        error={errors.password}
      />
      <TextField
        label="Confirm password"
        name="confirmPassword"
        type="password"
        autoComplete="new-password"
        required
        error={errors.confirmPassword}
      />
      <SubmitButton pending={setup.isPending}>Create admin</SubmitButton>
    </form>
  )
}
