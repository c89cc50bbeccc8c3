import { createWebhookInputSchema } from '@tokendesk/shared/schemas/notification'
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
import { useCreateWebhook } from '../api/create-webhook'

type CreateWebhookFormProps = { onCreated: (created: { url: string; secret: string }) => void }

export function CreateWebhookForm({ onCreated }: CreateWebhookFormProps) {
  const create = useCreateWebhook()
  const [errors, setErrors] = useState<FieldErrors>({})

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const { url = '', secret = '' } = readForm(form)
    const values: Record<string, string> = { url: url.trim() }
    if (secret) values.secret = secret
    const result = validateForm(createWebhookInputSchema, values)
    if (!result.ok) {
      const next = { ...result.errors }
      if (next.url && next.url !== 'Required') next.url = 'Enter a full http:// or https:// URL'
      if (next.secret) next.secret = 'Use at least 16 characters, or leave it empty'
      setErrors(next)
      focusFirstError(form, next)
      return
    }
    setErrors({})
    create.mutate(result.data, {
      onSuccess: (webhook) => {
        form.reset()
        onCreated({ url: webhook.url, secret: webhook.secret })
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    })
  }

  return (
    <form className="form form-grid" noValidate onSubmit={handleSubmit}>
      {create.isError && !hasFieldErrors(errors) ? (
        <div className="form-grid-full">
          <Alert tone="error" title="The webhook was not added">
            {formatError(create.error)}
          </Alert>
        </div>
      ) : null}
      <div className="form-grid-full">
        <TextField
          label="Webhook URL"
          name="url"
          type="url"
          autoComplete="off"
          spellCheck={false}
          required
          placeholder="https://example.com/hooks/token-desk"
          error={errors.url}
        />
      </div>
      <TextField
        label="Signing secret (optional)"
        name="secret"
        type="password"
        autoComplete="new-password"
        hint="At least 16 characters. Leave empty and Token Desk generates one."
        error={errors.secret}
      />
      <div className="form-grid-full">
        <SubmitButton pending={create.isPending}>Add webhook</SubmitButton>
      </div>
    </form>
  )
}
