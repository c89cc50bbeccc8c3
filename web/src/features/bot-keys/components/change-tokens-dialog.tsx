import type { BotKeyView } from '@tokendesk/shared/schemas/bot-key'
import { type FormEvent, useState } from 'react'
import { ReauthDialog } from '@/components/reauth-dialog'
import { Alert } from '@/components/ui/alert'
import { Dialog } from '@/components/ui/dialog'
import { SubmitButton } from '@/components/ui/submit-button'
import { useToast } from '@/components/ui/use-toast'
import { useStepUp } from '@/hooks/use-step-up'
import { formatError } from '@/lib/format-error'
import { useSetBotKeyTokens } from '../api/set-bot-key-tokens'
import { TokenPicker } from './token-picker'

type ChangeTokensDialogProps = { botKey: BotKeyView | null; onClose: () => void }

/** Which tokens a key may fetch; adding one lets the key read it, so the password comes first. */
export function ChangeTokensDialog({ botKey, onClose }: ChangeTokensDialogProps) {
  const save = useSetBotKeyTokens()
  const stepUp = useStepUp()
  const toast = useToast()
  const [error, setError] = useState<string>()

  const close = () => {
    setError(undefined)
    save.reset()
    onClose()
  }

  const submit = (id: string, tokenIds: string[], afterPassword = false) =>
    save.mutate(
      { id, tokenIds },
      {
        onSuccess: (result) => {
          const n = result.tokens.length
          toast.notify(`“${result.name}” may now fetch ${n} ${n === 1 ? 'token' : 'tokens'}.`)
          close()
        },
        onError: (err) => {
          if (!afterPassword && stepUp.intercept(err, () => submit(id, tokenIds, true))) return
          setError(formatError(err))
        },
      },
    )

  const handleSubmit = (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault()
    if (!botKey) return
    const tokenIds = new FormData(event.currentTarget).getAll('tokenIds').map(String)
    if (tokenIds.length === 0) {
      setError('Choose at least one token')
      return
    }
    setError(undefined)
    submit(botKey.id, tokenIds)
  }

  return (
    <Dialog
      open={botKey !== null}
      title={`Tokens “${botKey?.name ?? ''}” may fetch`}
      onClose={close}
      size="wide"
    >
      {botKey ? (
        <form className="form" noValidate onSubmit={handleSubmit}>
          {error && !stepUp.open ? (
            <Alert tone="error" title="The tokens were not changed">
              {error}
            </Alert>
          ) : null}
          <TokenPicker selected={botKey.tokens} />
          <div className="form-actions">
            <button type="button" className="button button-secondary" onClick={close}>
              Cancel
            </button>
            <SubmitButton pending={save.isPending}>Save tokens</SubmitButton>
          </div>
        </form>
      ) : null}
      <ReauthDialog
        open={stepUp.open}
        action="changing which tokens a bot key may fetch"
        onConfirmed={stepUp.confirm}
        onCancel={stepUp.cancel}
      />
    </Dialog>
  )
}
