import type { AddonView } from '@tokendesk/shared/schemas/installation'
import { type FormEvent, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { CheckboxGroup } from '@/components/ui/checkbox-group'
import { TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import {
  type FieldErrors,
  focusFirstError,
  hasFieldErrors,
  serverFieldErrors,
} from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { HIPCHAT_SCOPE_LABELS, HIPCHAT_SCOPES } from '@/lib/scope-labels'
import { useCreateAddon } from '../api/create-addon'
import { readAddonForm } from './addon-form-values'

const SCOPE_OPTIONS = HIPCHAT_SCOPES.map((s) => ({ value: s, label: HIPCHAT_SCOPE_LABELS[s] }))
const INSTALL_OPTIONS = [
  { value: 'allowGlobal', label: 'Allow global installs' },
  { value: 'allowRoom', label: 'Allow room installs' },
]

type CreateAddonFormProps = { onCreated?: (addon: AddonView) => void }

export function CreateAddonForm({ onCreated }: CreateAddonFormProps) {
  const createAddon = useCreateAddon()
  const toast = useToast()
  const [errors, setErrors] = useState<FieldErrors>({})

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const result = readAddonForm(form)
    if (!result.ok) {
      setErrors(result.errors)
      focusFirstError(form, result.errors)
      return
    }
    setErrors({})
    createAddon.mutate(result.data, {
      onSuccess: (addon) => {
        form.reset()
        toast.notify(`Add-on ${addon.name} created. Install it with its descriptor URL.`)
        onCreated?.(addon)
      },
      onError: (error) => setErrors(serverFieldErrors(error, { conflict: 'key' })),
    })
  }

  return (
    <form className="form form-grid" noValidate onSubmit={handleSubmit}>
      {createAddon.isError && !hasFieldErrors(errors) ? (
        <div className="form-grid-full">
          <Alert tone="error">{formatError(createAddon.error)}</Alert>
        </div>
      ) : null}
      <TextField
        label="Key"
        name="key"
        autoComplete="off"
        spellCheck={false}
        required
        hint="Unique, e.g. com.example.standup: lowercase letters, digits, dots and dashes."
        error={errors.key}
      />
      <TextField label="Name" name="name" autoComplete="off" required error={errors.name} />
      <div className="form-grid-full">
        <TextField
          label="Description (optional)"
          name="description"
          autoComplete="off"
          error={errors.description}
        />
      </div>
      <div className="form-grid-full">
        <CheckboxGroup
          legend="Scopes"
          name="scopes"
          options={SCOPE_OPTIONS}
          defaultValue={['send_notification']}
          hint="What the add-on may do once installed. Ask for as little as it needs."
          error={errors.scopes}
        />
      </div>
      <div className="form-grid-full">
        <CheckboxGroup
          legend="Where it can be installed"
          name="allow"
          options={INSTALL_OPTIONS}
          defaultValue={['allowGlobal', 'allowRoom']}
          hint="A global install serves the whole group; a room install serves one room."
          error={errors.allow}
        />
      </div>
      <div className="form-grid-full">
        <SubmitButton pending={createAddon.isPending}>Create add-on</SubmitButton>
      </div>
    </form>
  )
}
