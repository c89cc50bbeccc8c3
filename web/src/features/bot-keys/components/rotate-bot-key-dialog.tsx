import type { BotKeyView } from '@tokendesk/shared/schemas/bot-key'
import { type FormEvent, useState } from 'react'
import { ReauthDialog } from '@/components/reauth-dialog'
import { Alert } from '@/components/ui/alert'
import { Dialog } from '@/components/ui/dialog'
import { SelectField } from '@/components/ui/field'
import { SubmitButton } from '@/components/ui/submit-button'
import { useStepUp } from '@/hooks/use-step-up'
import { serverFieldErrors } from '@/lib/form-validation'
import { formatError } from '@/lib/format-error'
import { useRotateBotKey } from '../api/rotate-bot-key'
import type { CreatedKey } from './bot-key-created-dialog'
import { ExpiryField } from './expiry-field'
import { expiryOf, presetForLifetime } from './expiry-presets'

/** How long the old key keeps working, in minutes: long enough to deploy the new one. */
const GRACE = [
  { minutes: 0, label: 'Stop it now' },
  { minutes: 60, label: '1 hour' },
  { minutes: 24 * 60, label: '1 day' },
  { minutes: 7 * 24 * 60, label: '7 days' },
  { minutes: 30 * 24 * 60, label: '30 days' },
]

type RotateBotKeyDialogProps = {
  botKey: BotKeyView | null
  onClose: () => void
  onRotated: (created: CreatedKey) => void
}

export function RotateBotKeyDialog({ botKey, onClose, onRotated }: RotateBotKeyDialogProps) {
  const rotate = useRotateBotKey()
  const stepUp = useStepUp()
  const [error, setError] = useState<string>()

  const close = () => {
    setError(undefined)
    rotate.reset()
    onClose()
  }

  const submit = (
    input: Parameters<typeof rotate.mutate>[0],
    replaced: NonNullable<CreatedKey['replaced']>,
    afterPassword = false,
  ) =>
    rotate.mutate(input, {
      onSuccess: (result) => {
        setError(undefined)
        rotate.reset()
        onRotated({
          id: result.id,
          name: result.name,
          key: result.key,
          tokens: result.tokens,
          replaced,
        })
      },
      onError: (err) => {
        if (!afterPassword && stepUp.intercept(err, () => submit(input, replaced, true))) return
        setError(serverFieldErrors(err).expiresAt ?? formatError(err))
      },
    })

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!botKey) return
    const data = new FormData(event.currentTarget)
    const expiry = expiryOf(String(data.get('expiry') ?? ''), String(data.get('expiresAt') ?? ''))
    if ('error' in expiry) {
      setError(expiry.error)
      return
    }
    setError(undefined)
    const graceMinutes = Number(data.get('grace'))
    const graceEnds = Date.now() + graceMinutes * 60_000
    const until = botKey.expiresAt ? Math.min(Date.parse(botKey.expiresAt), graceEnds) : graceEnds
    submit(
      { id: botKey.id, graceMinutes, expiresAt: expiry.expiresAt },
      { keyPrefix: botKey.keyPrefix, until: new Date(until).toISOString() },
    )
  }

  return (
    <Dialog open={botKey !== null} title={`Rotate “${botKey?.name ?? ''}”`} onClose={close}>
      {botKey ? (
        <form className="form" noValidate onSubmit={handleSubmit}>
          <p>
            A new key replaces this one, for the same tokens. Give your bot the new key; the old one
            keeps working for the time you choose, then stops.
          </p>
          {rotate.isError && !stepUp.open && error ? (
            <Alert tone="error" title="The key was not rotated">
              {error}
            </Alert>
          ) : null}
          <SelectField label="The old key keeps working for" name="grace" defaultValue="1440">
            {GRACE.map((g) => (
              <option key={g.minutes} value={g.minutes}>
                {g.label}
              </option>
            ))}
          </SelectField>
          <ExpiryField
            label="The new key expires after"
            name="expiry"
            customName="expiresAt"
            defaultPreset={presetForLifetime(botKey.createdAt, botKey.expiresAt)}
            error={rotate.isError ? undefined : error}
          />
          <div className="form-actions">
            <button type="button" className="button button-secondary" onClick={close}>
              Cancel
            </button>
            <SubmitButton pending={rotate.isPending}>Rotate key</SubmitButton>
          </div>
        </form>
      ) : null}
      <ReauthDialog
        open={stepUp.open}
        action="making a new bot key that reads tokens"
        onConfirmed={stepUp.confirm}
        onCancel={stepUp.cancel}
      />
    </Dialog>
  )
}
