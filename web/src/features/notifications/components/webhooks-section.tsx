import { useRef, useState } from 'react'
import { CreateWebhookForm } from './create-webhook-form'
import { WebhookSecretNotice } from './webhook-secret-notice'
import { WebhooksList } from './webhooks-list'

/** Add a webhook (its secret shown once), then the list with each one's delivery log. */
export function WebhooksSection() {
  const [created, setCreated] = useState<{ url: string; secret: string } | null>(null)
  const ref = useRef<HTMLDivElement>(null)
  const dismiss = () => {
    setCreated(null)
    // The notice held focus; hand it to the form, ready for the next webhook.
    ref.current?.querySelector<HTMLInputElement>('input[name="url"]')?.focus()
  }
  return (
    <div className="stack" ref={ref}>
      {created ? (
        <WebhookSecretNotice url={created.url} secret={created.secret} onDismiss={dismiss} />
      ) : null}
      <CreateWebhookForm onCreated={setCreated} />
      <WebhooksList />
    </div>
  )
}
