import { Alert } from '@/components/ui/alert'
import { Dialog } from '@/components/ui/dialog'
import { useToast } from '@/components/ui/use-toast'
import { copyText } from '@/lib/clipboard'
import { formatError } from '@/lib/format-error'

export type CreatedKey = { name: string; key: string; tokenId: string | undefined }

type BotKeyCreatedDialogProps = { created: CreatedKey | null; onClose: () => void }

export function curlExample(key: string, tokenId: string, origin = window.location.origin) {
  return `curl -H "Authorization: Bearer ${key}" ${origin}/api/v1/tokens/${tokenId}/access`
}

/** The only time the key is ever shown; closing the dialog drops it. */
export function BotKeyCreatedDialog({ created, onClose }: BotKeyCreatedDialogProps) {
  const toast = useToast()
  const copy = async (text: string, what: string) => {
    try {
      await copyText(text)
      toast.notify(`${what} copied`)
    } catch (error) {
      toast.notify(`Could not copy: ${formatError(error)}`, 'error')
    }
  }
  return (
    <Dialog open={created !== null} title="Your new bot key" onClose={onClose} size="wide">
      {created ? (
        <div className="stack">
          <Alert tone="warning" title="Copy it now: it will not be shown again">
            Token Desk stores only a hash of the key. If you lose it, revoke it and create another.
          </Alert>
          <p className="revealed-label">Bot key “{created.name}”</p>
          <code className="revealed-value">{created.key}</code>
          <div className="button-row">
            <button
              type="button"
              className="button button-primary"
              onClick={() => copy(created.key, 'Bot key')}
            >
              Copy key
            </button>
          </div>
          {created.tokenId ? (
            <>
              <p className="revealed-label">Try it from a terminal</p>
              <pre className="code-block">{curlExample(created.key, created.tokenId)}</pre>
              <div className="button-row">
                <button
                  type="button"
                  className="button button-secondary"
                  onClick={() => copy(curlExample(created.key, created.tokenId ?? ''), 'Example')}
                >
                  Copy curl example
                </button>
              </div>
            </>
          ) : null}
          <div className="dialog-actions">
            <button type="button" className="button button-primary" onClick={onClose}>
              I have copied it
            </button>
          </div>
        </div>
      ) : null}
    </Dialog>
  )
}
