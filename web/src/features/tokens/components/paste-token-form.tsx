import {
  type CreateTokenInput,
  type TokenView,
  tokenLabelSchema,
  tokenValueSchema,
} from '@tokendesk/shared/schemas/token'
import { type FormEvent, useRef, useState } from 'react'
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
import {
  checkProviderFields,
  ProviderPicker,
  pickedProviderUrl,
  providerFieldsSchema,
} from './provider-picker'
import { UnverifiedChoice, unverifiableReason } from './unverified-choice'

const SCOPE = /^[\w:.-]{1,64}$/

const pasteFormSchema = z
  .object({
    kind: z.enum(['personal', 'notification']),
    label: tokenLabelSchema,
    value: tokenValueSchema,
    ...providerFieldsSchema,
    expiresAt: z
      .string()
      .refine((v) => v === '' || !Number.isNaN(Date.parse(v)), 'Enter a date and time'),
    scopes: z
      .string()
      .transform((v) => v.split(/[\s,]+/).filter(Boolean))
      .refine((list) => list.every((s) => SCOPE.test(s)), 'Use scope names like send_message'),
  })
  .superRefine(checkProviderFields)
  .transform(
    (v): CreateTokenInput => ({
      kind: v.kind,
      label: v.label,
      value: v.value,
      providerUrl: pickedProviderUrl(v),
      ...(v.expiresAt ? { expiresAt: new Date(v.expiresAt).toISOString() } : {}),
      ...(v.scopes.length > 0 ? { scopes: v.scopes } : {}),
    }),
  )

type PasteTokenFormProps = { onCreated: (token: TokenView) => void; onCancel: () => void }

export function PasteTokenForm({ onCreated, onCancel }: PasteTokenFormProps) {
  const createToken = useCreateToken()
  const formRef = useRef<HTMLFormElement>(null)
  const [errors, setErrors] = useState<FieldErrors>({})
  /** Why the provider could not vouch for the token; the person decides what happens next. */
  const [unverifiable, setUnverifiable] = useState<string | null>(null)

  const submit = (allowUnverified: boolean) => {
    const form = formRef.current
    if (!form) return
    const result = validateForm(pasteFormSchema, readForm(form))
    if (!result.ok) {
      setErrors(result.errors)
      setUnverifiable(null)
      focusFirstError(form, result.errors)
      return
    }
    setErrors({})
    setUnverifiable(null)
    createToken.mutate(allowUnverified ? { ...result.data, allowUnverified } : result.data, {
      onSuccess: onCreated,
      onError: (error) => {
        const reason = unverifiableReason(error)
        if (reason !== null) {
          setUnverifiable(reason)
          return
        }
        const fieldErrors = serverFieldErrors(error, {
          token_invalid: 'value',
          duplicate_token: 'value',
        })
        setErrors(fieldErrors)
        focusFirstError(form, fieldErrors)
      },
    })
  }

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    submit(false)
  }

  return (
    <form ref={formRef} className="form" noValidate onSubmit={handleSubmit}>
      {createToken.isError && !hasFieldErrors(errors) && unverifiable === null ? (
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
      <ProviderPicker error={errors.providerUrl} onChange={() => setUnverifiable(null)} />
      <fieldset className="fieldset">
        <legend>If the provider cannot verify it (optional)</legend>
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
      {unverifiable !== null ? (
        <UnverifiedChoice
          reason={unverifiable}
          pending={createToken.isPending}
          onSave={() => submit(true)}
        />
      ) : null}
      <div className="form-actions">
        <button type="button" className="button button-secondary" onClick={onCancel}>
          Cancel
        </button>
        <SubmitButton pending={createToken.isPending}>Add token</SubmitButton>
      </div>
    </form>
  )
}
