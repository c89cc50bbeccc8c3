import { PageHeader } from '@/components/ui/page-header'
import { AlertSettingsForm } from '@/features/notifications/components/alert-settings-form'
import { SignatureHelp } from '@/features/notifications/components/signature-help'
import { WebhooksSection } from '@/features/notifications/components/webhooks-section'

export function AlertSettingsRoute() {
  return (
    <>
      <PageHeader
        title="Alert settings"
        description="When Token Desk warns you about expiring tokens, and where else it sends alerts."
      />
      <section className="card" aria-labelledby="expiry-heading">
        <h2 id="expiry-heading">Expiry alerts</h2>
        <AlertSettingsForm />
      </section>
      <section className="card" aria-labelledby="webhooks-heading">
        <h2 id="webhooks-heading">Webhooks</h2>
        <p className="muted">
          Every alert (expiring soon, refresh failed, recovered) is also sent as a signed JSON POST
          to each webhook, with retries.
        </p>
        <WebhooksSection />
      </section>
      <section className="card" aria-labelledby="signatures-heading">
        <h2 id="signatures-heading">Verifying signatures</h2>
        <SignatureHelp />
      </section>
    </>
  )
}
