import { loginInputSchema, type User } from '@tokendesk/shared/schemas/user'
import { Alert } from '@/components/ui/alert'
import { TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useValidatedSubmit } from '@/hooks/use-validated-submit'
import { hasFieldErrors, serverFieldErrors } from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { useLogin } from '../api/login'

type LoginFormProps = { onSuccess: (user: User) => void }

export function LoginForm({ onSuccess }: LoginFormProps) {
  const login = useLogin()
  const { errors, onSubmit } = useValidatedSubmit(loginInputSchema, (input, { setErrors }) =>
    login.mutate(input, { onSuccess, onError: (error) => setErrors(serverFieldErrors(error)) }),
  )

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      {login.isError && !hasFieldErrors(errors) ? (
        <Alert tone="error">{formatError(login.error)}</Alert>
      ) : null}
      <TextField
        label="Email"
        name="email"
        type="email"
        autoComplete="username"
        required
        error={errors.email}
      />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="current-password"
        required
        error={errors.password}
      />
      <SubmitButton pending={login.isPending}>Sign in</SubmitButton>
    </form>
  )
}
