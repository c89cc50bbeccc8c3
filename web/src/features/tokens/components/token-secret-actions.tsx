import { useCallback, useState } from 'react'
import { ReauthDialog } from '@/components/reauth-dialog'
import { Alert } from '@/components/ui/alert'
import { useToast } from '@/components/ui/use-toast'
import { copyText } from '@/lib/clipboard'
import { formatError } from '@/lib/format-error'
import type { RevealPurpose } from '../api/reveal-token'
import { REVEAL_SECONDS, RevealedValue } from './revealed-value'
import { useTokenSecret } from './use-token-secret'

type TokenSecretActionsProps = { tokenId: string }

/** Copy and Reveal: the value is fetched per click and kept only while it is on screen. */
export function TokenSecretActions({ tokenId }: TokenSecretActionsProps) {
  const toast = useToast()
  const [revealed, setRevealed] = useState<string | null>(null)

  const handleValue = useCallback(
    async (value: string, purpose: RevealPurpose) => {
      if (purpose === 'reveal') {
        setRevealed(value)
        toast.notify(`Token value shown for ${REVEAL_SECONDS} seconds.`, 'info')
        return
      }
      try {
        await copyText(value)
        toast.notify('Copied')
      } catch (error) {
        toast.notify(`Could not copy: ${formatError(error)}`, 'error')
      }
    },
    [toast],
  )

  const secret = useTokenSecret(tokenId, handleValue)
  const hide = useCallback(() => setRevealed(null), [])
  const busy = secret.pending !== null

  return (
    <div className="secret-actions">
      {/* Not `disabled` while busy: focus returns here after the password dialog. */}
      <div className="button-row">
        <button
          type="button"
          className="button button-primary"
          onClick={() => busy || secret.run('copy')}
          aria-disabled={busy || undefined}
          aria-busy={secret.pending === 'copy' || undefined}
        >
          Copy
        </button>
        <button
          type="button"
          className="button button-secondary"
          onClick={() => busy || revealed || secret.run('reveal')}
          aria-disabled={busy || revealed !== null || undefined}
          aria-busy={secret.pending === 'reveal' || undefined}
        >
          Reveal
        </button>
      </div>
      {revealed ? <RevealedValue value={revealed} onHide={hide} /> : null}
      {secret.error ? (
        <Alert
          tone="error"
          title="The token value was not fetched"
          action={
            <button
              type="button"
              className="button button-ghost button-small"
              onClick={secret.clearError}
            >
              Dismiss
            </button>
          }
        >
          {formatError(secret.error)}
        </Alert>
      ) : null}
      <ReauthDialog
        open={secret.needsPassword !== null}
        action="revealing or copying a token"
        onConfirmed={secret.retry}
        onCancel={secret.cancel}
      />
    </div>
  )
}
