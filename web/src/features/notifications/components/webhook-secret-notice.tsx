import { useEffect, useRef } from 'react'
import { CopyableValue } from '@/components/ui/copyable-value'

type WebhookSecretNoticeProps = { url: string; secret: string; onDismiss: () => void }

/** The signing secret, shown once right after the webhook is added. */
export function WebhookSecretNotice({ url, secret, onDismiss }: WebhookSecretNoticeProps) {
  const ref = useRef<HTMLElement>(null)
  useEffect(() => ref.current?.focus(), [])

  return (
    <section
      ref={ref}
      className="alert alert-success secret-notice"
      aria-labelledby="webhook-secret-title"
      tabIndex={-1}
    >
      <div className="alert-body stack">
        <p className="alert-title" id="webhook-secret-title">
          Webhook added: copy its signing secret now
        </p>
        <p>
          Deliveries to <span className="break">{url}</span> are signed with this secret. It is
          shown only this once; store it where your receiver can read it.
        </p>
        <CopyableValue label="Signing secret" value={secret} />
        <div>
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={onDismiss}
          >
            I have saved the secret
          </button>
        </div>
      </div>
    </section>
  )
}
