import { type TokenView, tokenLabelSchema } from '@tokendesk/shared/schemas/token'
import { z } from 'zod'
import { Alert } from '@/components/ui/alert'
import { TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import { useValidatedSubmit } from '@/hooks/use-validated-submit'
import { fromDateTimeLocal, toDateTimeLocal } from '@/lib/datetime-local'
import { hasFieldErrors, serverFieldErrors } from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { type UpdateTokenInput, useUpdateToken } from '../api/update-token'
import { OptionalTime } from './optional-time'

const editSchema = z.object({
  label: tokenLabelSchema,
  expiresAt: z.string().refine((v) => v === '' || fromDateTimeLocal(v) !== null, 'Enter a date'),
})

export function EditTokenForm({ token }: { token: TokenView }) {
  const update = useUpdateToken()
  const toast = useToast()
  const { errors, setErrors, onSubmit } = useValidatedSubmit(editSchema, (input) => {
    // An untouched expiry is not sent: re-sending it rounded to the minute would make it manual.
    const expiryTouched = input.expiresAt !== toDateTimeLocal(token.expiresAt)
    const patch = {
      label: input.label,
      ...(expiryTouched ? { expiresAt: fromDateTimeLocal(input.expiresAt) } : {}),
    }
    save(patch, 'Changes saved')
  })

  // mutateAsync, not mutate's callbacks: a save remounts this form (its key is `updatedAt`),
  // and callbacks given to `mutate` never run for an unmounted component.
  const save = (patch: UpdateTokenInput['patch'], done: string) =>
    update
      .mutateAsync({ id: token.id, patch })
      .then(() => toast.notify(done))
      .catch((error: unknown) => setErrors(serverFieldErrors(error)))

  const restoreProviderDate = () => {
    setErrors({})
    save({ expiryFromProvider: true }, 'The expiry is the provider’s again')
  }

  return (
    <form className="form form-grid" noValidate onSubmit={onSubmit}>
      {update.isError && !hasFieldErrors(errors) ? (
        <div className="form-grid-full">
          <Alert tone="error">{formatError(update.error)}</Alert>
        </div>
      ) : null}
      <TextField
        label="Label"
        name="label"
        defaultValue={token.label}
        autoComplete="off"
        required
        error={errors.label}
      />
      <TextField
        label="Expiry"
        name="expiresAt"
        type="datetime-local"
        defaultValue={toDateTimeLocal(token.expiresAt)}
        hint={
          token.providerExpiresAt ? (
            <>
              Your local time. The provider says <OptionalTime date={token.providerExpiresAt} />; a
              date you set here is marked manual and used for status and alerts, and the provider’s
              date is kept.
            </>
          ) : (
            'Your local time. Leave empty when unknown.'
          )
        }
        error={errors.expiresAt}
      />
      <div className="form-grid-full form-actions">
        <SubmitButton pending={update.isPending}>Save changes</SubmitButton>
        {token.expiryManual && token.providerExpiresAt ? (
          <button
            type="button"
            className="button button-secondary"
            disabled={update.isPending}
            onClick={restoreProviderDate}
          >
            Use the provider’s date
          </button>
        ) : null}
      </div>
    </form>
  )
}
