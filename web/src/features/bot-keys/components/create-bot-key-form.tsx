import { type FormEvent, useState } from 'react'
import { ReauthDialog } from '@/components/reauth-dialog'
import { Alert } from '@/components/ui/alert'
import { TextField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useStepUp } from '@/hooks/use-step-up'
import { type FieldErrors, focusFirstError, serverFieldErrors } from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { type CreateBotKeyInput, useCreateBotKey } from '../api/create-bot-key'
import type { CreatedKey } from './bot-key-created-dialog'
import { ExpiryField } from './expiry-field'
import { expiryOf } from './expiry-presets'
import { TokenPicker } from './token-picker'

function validate(form: HTMLFormElement) {
  const data = new FormData(form)
  const name = String(data.get('name') ?? '').trim()
  const tokenIds = data.getAll('tokenIds').map(String)
  const expiry = expiryOf(String(data.get('expiry') ?? ''), String(data.get('expiresAt') ?? ''))
  const errors: FieldErrors = {}
  if (!name) errors.name = 'Required'
  else if (name.length > 100) errors.name = 'Must be at most 100 characters'
  if (tokenIds.length === 0) errors.tokenIds = 'Choose at least one token'
  if ('error' in expiry) errors.expiresAt = expiry.error
  const expiresAt = 'expiresAt' in expiry ? expiry.expiresAt : null
  return { input: { name, tokenIds, expiresAt }, errors }
}

export function CreateBotKeyForm({ onCreated }: { onCreated: (created: CreatedKey) => void }) {
  const create = useCreateBotKey()
  const stepUp = useStepUp()
  const [errors, setErrors] = useState<FieldErrors>({})
  // Remounts the expiry field after a key is made, back to its default preset.
  const [generation, setGeneration] = useState(0)

  // Binding a token lets the key read its value: the server may ask for the password first.
  const submit = (form: HTMLFormElement, input: CreateBotKeyInput, afterPassword = false) =>
    create.mutate(input, {
      onSuccess: (result) => {
        form.reset()
        setGeneration((g) => g + 1)
        onCreated({ id: result.id, name: result.name, key: result.key, tokens: result.tokens })
        create.reset()
      },
      onError: (error) => {
        if (!afterPassword && stepUp.intercept(error, () => submit(form, input, true))) return
        setErrors(serverFieldErrors(error))
      },
    })

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    const form = event.currentTarget
    const { input, errors: found } = validate(form)
    setErrors(found)
    if (Object.keys(found).length > 0) return focusFirstError(form, found)
    submit(form, input)
  }

  return (
    <>
      <form className="form form-grid" noValidate onSubmit={handleSubmit}>
        {create.isError && !stepUp.open ? (
          <div className="form-grid-full">
            <Alert tone="error" title="The key was not created">
              {formatError(create.error)}
            </Alert>
          </div>
        ) : null}
        <TextField
          label="Name"
          name="name"
          autoComplete="off"
          required
          error={errors.name}
          hint="Which bot uses it, e.g. deploy-bot"
        />
        <div className="stack">
          <ExpiryField
            key={generation}
            label="Expiration"
            name="expiry"
            customName="expiresAt"
            error={errors.expiresAt}
          />
        </div>
        <div className="form-grid-full">
          <TokenPicker error={errors.tokenIds} />
        </div>
        <div className="form-grid-full">
          <SubmitButton pending={create.isPending}>Create bot key</SubmitButton>
        </div>
      </form>
      {/* Outside the form: the dialog holds a form of its own. */}
      <ReauthDialog
        open={stepUp.open}
        action="letting a bot key read tokens"
        onConfirmed={stepUp.confirm}
        onCancel={stepUp.cancel}
      />
    </>
  )
}
