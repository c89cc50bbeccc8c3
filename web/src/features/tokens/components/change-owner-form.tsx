import { reassignInputSchema } from '@tokendesk/shared/schemas/token'
import { type FormEvent, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  readForm,
  serverFieldErrors,
  validateForm,
} from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { useChangeOwner } from '../api/change-owner'

/** Admin only: hands the token (and its encrypted value) to another person. */
export function ChangeOwnerForm({ tokenId }: { tokenId: string }) {
  const changeOwner = useChangeOwner()
  const toast = useToast()
  const [errors, setErrors] = useState<FieldErrors>({})

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const result = validateForm(reassignInputSchema, readForm(form))
    if (!result.ok) {
      setErrors(result.errors)
      focusFirstError(form, result.errors)
      return
    }
    setErrors({})
    changeOwner.mutate(
      { id: tokenId, email: result.data.email },
      {
        onSuccess: () => {
          form.reset()
          toast.notify(`${result.data.email} now owns this token.`)
        },
        onError: (error) => setErrors(serverFieldErrors(error)),
      },
    )
  }

  return (
    <form className="form form-grid" noValidate onSubmit={handleSubmit} aria-label="Change owner">
      {changeOwner.isError && !hasFieldErrors(errors) ? (
        <div className="form-grid-full">
          <Alert tone="error">{formatError(changeOwner.error)}</Alert>
        </div>
      ) : null}
      <TextField
        label="New owner’s email"
        name="email"
        type="email"
        autoComplete="off"
        required
        hint="Existing shares are removed; the new owner can share it again."
        error={errors.email}
      />
      <div className="form-grid-full">
        <SubmitButton pending={changeOwner.isPending}>Change owner</SubmitButton>
      </div>
    </form>
  )
}
