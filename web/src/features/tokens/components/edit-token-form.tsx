import { type TokenView, tokenLabelSchema } from '@tokendesk/shared/schemas/token'
import { type FormEvent, useState } from 'react'
import { z } from 'zod'
import { Alert } from '@/components/ui/alert'
import { TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import { fromDateTimeLocal, toDateTimeLocal } from '@/lib/datetime-local'
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  readForm,
  serverFieldErrors,
  validateForm,
} from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { useUpdateToken } from '../api/update-token'

const editSchema = z.object({
  label: tokenLabelSchema,
  expiresAt: z.string().refine((v) => v === '' || fromDateTimeLocal(v) !== null, 'Enter a date'),
})

export function EditTokenForm({ token }: { token: TokenView }) {
  const update = useUpdateToken()
  const toast = useToast()
  const [errors, setErrors] = useState<FieldErrors>({})

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const result = validateForm(editSchema, readForm(form))
    if (!result.ok) {
      setErrors(result.errors)
      focusFirstError(form, result.errors)
      return
    }
    setErrors({})
    const patch = { label: result.data.label, expiresAt: fromDateTimeLocal(result.data.expiresAt) }
    update.mutate(
      { id: token.id, patch },
      {
        onSuccess: () => toast.notify('Changes saved'),
        onError: (error) => setErrors(serverFieldErrors(error)),
      },
    )
  }

  return (
    <form className="form form-grid" noValidate onSubmit={handleSubmit}>
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
        hint="Your local time. Leave empty when unknown."
        error={errors.expiresAt}
      />
      <div className="form-grid-full">
        <SubmitButton pending={update.isPending}>Save changes</SubmitButton>
      </div>
    </form>
  )
}
