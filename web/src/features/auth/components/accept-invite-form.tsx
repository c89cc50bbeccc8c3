import { acceptInviteInputSchema } from '@tokendesk/shared/schemas/invite'
import type { User } from '@tokendesk/shared/schemas/user'
import { z } from 'zod'
import { Alert } from '@/components/ui/alert'
import { TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useValidatedSubmit } from '@/hooks/use-validated-submit'
import { hasFieldErrors, serverFieldErrors } from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { ROLE_LABELS } from '@/lib/role-labels'
import { useAcceptInvite } from '../api/accept-invite'
import type { getInvite } from '../api/get-invite'

const acceptFormSchema = acceptInviteInputSchema
  .omit({ token: true })
  .extend({ confirmPassword: z.string() })
  .refine((v) => v.password === v.confirmPassword, {
    path: ['confirmPassword'],
    message: 'The passwords do not match',
  })

type AcceptInviteFormProps = {
  token: string
  invite: Awaited<ReturnType<typeof getInvite>>
  onSuccess: (user: User) => void
}

/** The invited person confirms their name and chooses the password only they will know. */
export function AcceptInviteForm({ token, invite, onSuccess }: AcceptInviteFormProps) {
  const accept = useAcceptInvite()
  const { errors, onSubmit } = useValidatedSubmit(
    acceptFormSchema,
    ({ name, password }, { setErrors }) =>
      accept.mutate(
        { token, name, password },
        { onSuccess, onError: (error) => setErrors(serverFieldErrors(error)) },
      ),
  )

  return (
    <form className="form" noValidate onSubmit={onSubmit}>
      <p>
        You are invited as <strong>{invite.email}</strong> ({ROLE_LABELS[invite.role]}).
      </p>
      {accept.isError && !hasFieldErrors(errors) ? (
        <Alert tone="error">{formatError(accept.error)}</Alert>
      ) : null}
      <TextField
        label="Name"
        name="name"
        autoComplete="name"
        defaultValue={invite.name}
        required
        error={errors.name}
      />
      {/* For password managers: the account the new password belongs to. */}
      <input type="hidden" autoComplete="username" value={invite.email} readOnly />
      <TextField
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        required
        hint="At least 10 characters. A long passphrase is best. Only you will know it."
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
      <SubmitButton pending={accept.isPending}>Create my account</SubmitButton>
    </form>
  )
}
