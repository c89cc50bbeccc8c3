import { loginInputSchema, type User } from '@tokendesk/shared/schemas/user'
import { type FormEvent, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  readForm,
  serverFieldErrors,
  validateForm,
} from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { useLogin } from '../api/login'

type LoginFormProps = { onSuccess: (user: User) => void }

export function LoginForm({ onSuccess }: LoginFormProps) {
  const login = useLogin()
  const [errors, setErrors] = useState<FieldErrors>({})

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const result = validateForm(loginInputSchema, readForm(form))
    if (!result.ok) {
      setErrors(result.errors)
      focusFirstError(form, result.errors)
      return
    }
    setErrors({})
    login.mutate(result.data, {
      onSuccess,
      onError: (error) => setErrors(serverFieldErrors(error)),
    })
  }

  return (
    <form className="form" noValidate onSubmit={handleSubmit}>
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
