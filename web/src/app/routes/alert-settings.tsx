import { PageHeader } from '@/components/ui/page-header'
import { AlertSettingsForm } from '@/features/notifications/components/alert-settings-form'
import { EmailAlertsToggle } from '@/features/notifications/components/email-alerts-toggle'
import { SignatureHelp } from '@/features/notifications/components/signature-help'
import { WebhooksSection } from '@/features/notifications/components/webhooks-section'

export function AlertSettingsRoute() {
  return (
    <>
      <PageHeader
        title="Alert settings"
        description="When Token Desk warns you about expiring tokens, and where it sends alerts: the bell, your email and your webhooks."
      />
      <section className="card" aria-labelledby="expiry-heading">
        <h2 id="expiry-heading">Expiry alerts</h2>
        <AlertSettingsForm />
      </section>
      <section className="card" aria-labelledby="email-heading">
        <h2 id="email-heading">Email</h2>
        <EmailAlertsToggle />
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
