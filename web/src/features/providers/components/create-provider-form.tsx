import { type FormEvent, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { SelectField, TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import { isApiError } from '@/lib/api-client'
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  serverFieldErrors,
} from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { useCreateProvider } from '../api/create-provider'
import { readProviderForm } from './provider-form-values'

const url = { type: 'url', autoComplete: 'off', spellCheck: false } as const

export function CreateProviderForm() {
  const createProvider = useCreateProvider()
  const toast = useToast()
  const [errors, setErrors] = useState<FieldErrors>({})

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const result = readProviderForm(form)
    if (!result.ok) {
      setErrors(result.errors)
      focusFirstError(form, result.errors)
      return
    }
    setErrors({})
    createProvider.mutate(result.data, {
      onSuccess: (provider) => {
        form.reset()
        toast.notify(`Provider ${provider.name} registered.`)
      },
      onError: (error) => setErrors(serverFieldErrors(error)),
    })
  }

  return (
    <form className="form form-grid" noValidate onSubmit={handleSubmit}>
      {createProvider.isError && !hasFieldErrors(errors) ? (
        <div className="form-grid-full">
          <Alert
            tone="error"
            title={
              isApiError(createProvider.error, 'provider_untrusted')
                ? 'This provider is not trusted'
                : 'Could not register the provider'
            }
          >
            {formatError(createProvider.error)}
          </Alert>
        </div>
      ) : null}
      <TextField label="Name" name="name" autoComplete="off" required error={errors.name} />
      <TextField label="Token URL" name="tokenUrl" {...url} required error={errors.tokenUrl} />
      <TextField
        label="Authorization URL (optional)"
        name="authorizationUrl"
        {...url}
        hint="Needed to connect user accounts (authorization code flow)."
        error={errors.authorizationUrl}
      />
      <TextField
        label="Revocation URL (optional)"
        name="revocationUrl"
        {...url}
        error={errors.revocationUrl}
      />
      <TextField
        label="Introspection URL (optional)"
        name="introspectionUrl"
        {...url}
        error={errors.introspectionUrl}
      />
      <TextField
        label="Client ID"
        name="clientId"
        autoComplete="off"
        spellCheck={false}
        required
        error={errors.clientId}
      />
      <TextField
        label="Client secret"
        name="clientSecret"
        type="password"
        autoComplete="off"
        required
        hint="Stored encrypted; it is never shown again."
        error={errors.clientSecret}
      />
      <SelectField
        label="Client authentication"
        name="clientAuth"
        defaultValue="client_secret_basic"
        error={errors.clientAuth}
      >
        <option value="client_secret_basic">HTTP Basic (client_secret_basic)</option>
        <option value="client_secret_post">In the request body (client_secret_post)</option>
      </SelectField>
      <TextField
        label="Default scopes"
        name="scopes"
        autoComplete="off"
        spellCheck={false}
        hint="Separated by spaces, e.g. read write. Leave empty for the provider’s defaults."
        error={errors.scopes}
      />
      <div className="form-grid-full">
        <SubmitButton pending={createProvider.isPending}>Register provider</SubmitButton>
      </div>
    </form>
  )
}
