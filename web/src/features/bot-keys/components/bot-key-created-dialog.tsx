import { Alert } from '@/components/ui/alert'
import { CopyButton } from '@/components/ui/copy-button'
import { Dialog, DialogCloseButton } from '@/components/ui/dialog'
import { RelativeTime } from '@/components/ui/relative-time'
import { botCurl } from '@/lib/bot-curl'

export type CreatedKey = {
  id: string
  name: string
  key: string
  /** Every token the key may fetch; a label only where its owner can still see the token. */
  tokens: { id: string; label: string | null }[]
  /** Set when the key replaced another by rotation: that key works until `until`. */
  replaced?: { keyPrefix: string; until: string } | undefined
}

type BotKeyCreatedDialogProps = {
  created: CreatedKey | null
  onClose: () => void
  /** Where focus goes on close if what opened the dialog is gone (a rotated key's button). */
  fallbackFocus?: () => HTMLElement | null
}

/** The only time the key is ever shown; closing the dialog drops it. */
export function BotKeyCreatedDialog({ created, onClose, fallbackFocus }: BotKeyCreatedDialogProps) {
  return (
    <Dialog
      open={created !== null}
      title="Your new bot key"
      onClose={onClose}
      size="wide"
      fallbackFocus={fallbackFocus}
      guard={{
        when: true,
        question: 'Have you copied the key?',
        detail: (
          <p>
            It is shown only this once. Without it your bot cannot use this key: you would have to
            rotate it or create another.
          </p>
        ),
      }}
    >
      {created ? (
        <div className="stack">
          <Alert tone="warning" title="Copy it now: it will not be shown again">
            Token Desk stores only a hash of the key. If you lose it, rotate or revoke it.
          </Alert>
          {created.replaced ? (
            <p>
              The key it replaces (<code>{created.replaced.keyPrefix}…</code>) works until{' '}
              <RelativeTime date={created.replaced.until} />, then stops: give your bot this one
              before then.
            </p>
          ) : null}
          <p className="revealed-label">Bot key “{created.name}”</p>
          <code className="revealed-value">{created.key}</code>
          <div className="button-row">
            <CopyButton
              value={created.key}
              label="Bot key"
              text="Copy key"
              secret
              className="button button-primary"
            />
          </div>
          <h3 className="revealed-label">Try it from a terminal</h3>
          <ul className="plain-list stack">
            {created.tokens.map((token) => {
              const what = token.label ?? `token ${token.id}`
              return (
                <li key={token.id} className="snippet">
                  <span>For {token.label ? `“${token.label}”` : what}</span>
                  <pre className="code-block">{botCurl(created.key, token.id)}</pre>
                  <div className="button-row">
                    <CopyButton
                      value={botCurl(created.key, token.id)}
                      label={`curl example for ${what}`}
                      text="Copy curl example"
                      hiddenText={`for ${what}`}
                      secret
                    />
                  </div>
                </li>
              )
            })}
          </ul>
          <div className="dialog-actions">
            <DialogCloseButton />
            <button type="button" className="button button-primary" onClick={onClose}>
              I have copied it
            </button>
          </div>
        </div>
      ) : null}
    </Dialog>
  )
}
