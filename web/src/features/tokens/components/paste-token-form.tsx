import {
  type CreateTokenInput,
  DEFAULT_PROVIDER_URL,
  type TokenView,
  tokenLabelSchema,
  tokenValueSchema,
} from '@tokendesk/shared/schemas/token'
import { type FormEvent, useState } from 'react'
import { z } from 'zod'
import { Alert } from '@/components/ui/alert'
import { SelectField, TextField } from '@/components/ui/field'
import { SecretField } from '@/components/ui/secret-field'
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
import { useCreateToken } from '../api/create-token'

const SCOPE = /^[\w:.-]{1,64}$/

const pasteFormSchema = z
  .object({
    kind: z.enum(['personal', 'notification']),
    label: tokenLabelSchema,
    value: tokenValueSchema,
    providerUrl: z.url({ protocol: /^https?$/, error: 'Enter an http(s) URL' }),
    expiresAt: z
      .string()
      .refine((v) => v === '' || !Number.isNaN(Date.parse(v)), 'Enter a date and time'),
    scopes: z
      .string()
      .transform((v) => v.split(/[\s,]+/).filter(Boolean))
      .refine((list) => list.every((s) => SCOPE.test(s)), 'Use scope names like send_message'),
  })
  .transform(
    (v): CreateTokenInput => ({
      kind: v.kind,
      label: v.label,
      value: v.value,
      providerUrl: v.providerUrl,
      ...(v.expiresAt ? { expiresAt: new Date(v.expiresAt).toISOString() } : {}),
      ...(v.scopes.length > 0 ? { scopes: v.scopes } : {}),
    }),
  )

type PasteTokenFormProps = { onCreated: (token: TokenView) => void; onCancel: () => void }

export function PasteTokenForm({ onCreated, onCancel }: PasteTokenFormProps) {
  const createToken = useCreateToken()
  const [errors, setErrors] = useState<FieldErrors>({})

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const result = validateForm(pasteFormSchema, readForm(form))
    if (!result.ok) {
      setErrors(result.errors)
      focusFirstError(form, result.errors)
      return
    }
    setErrors({})
    createToken.mutate(result.data, {
      onSuccess: onCreated,
      onError: (error) => {
        const fieldErrors = serverFieldErrors(error, {
          token_invalid: 'value',
          duplicate_token: 'value',
        })
        setErrors(fieldErrors)
        focusFirstError(form, fieldErrors)
      },
    })
  }

  return (
    <form className="form" noValidate onSubmit={handleSubmit}>
      {createToken.isError && !hasFieldErrors(errors) ? (
        <Alert tone="error" title="The token was not added">
          {formatError(createToken.error)}
        </Alert>
      ) : null}
      <SelectField label="Kind" name="kind" defaultValue="personal" error={errors.kind}>
        <option value="personal">Personal access token</option>
        <option value="notification">Room notification token</option>
      </SelectField>
      <TextField label="Label" name="label" autoComplete="off" required error={errors.label} />
      <SecretField
        label="Token value"
        name="value"
        required
        hint="Stored encrypted. It is only shown again when you reveal or copy it."
        error={errors.value}
      />
      <TextField
        label="Provider API URL"
        name="providerUrl"
        type="url"
        defaultValue={DEFAULT_PROVIDER_URL}
        hint="The provider’s API base. Token Desk asks a trusted provider what the token is and when it expires."
        error={errors.providerUrl}
      />
      <fieldset className="fieldset">
        <legend>If the provider cannot be reached (optional)</legend>
        <TextField
          label="Expires at"
          name="expiresAt"
          type="datetime-local"
          hint="In your local time. Used only when the provider does not say."
          error={errors.expiresAt}
        />
        <TextField
          label="Scopes"
          name="scopes"
          autoComplete="off"
          hint="Separated by spaces or commas, e.g. send_notification"
          error={errors.scopes}
        />
      </fieldset>
      <div className="form-actions">
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
        <SubmitButton pending={createToken.isPending}>Add token</SubmitButton>
      </div>
    </form>
  )
}
