import { PageHeader } from '@/components/ui/page-header'
import { CreateProviderForm } from '@/features/providers/components/create-provider-form'
import { ProvidersList } from '@/features/providers/components/providers-list'

export function ProvidersRoute() {
  return (
    <>
      <PageHeader
        title="Providers"
        description="Generic OAuth 2.0 authorization servers whose tokens Token Desk mints and refreshes."
      />
      <section className="card" aria-labelledby="providers-heading">
        <h2 id="providers-heading">Your providers</h2>
        <ProvidersList />
      </section>
      <section className="card" aria-labelledby="register-provider-heading">
        <h2 id="register-provider-heading">Register a provider</h2>
        <p className="muted">
          Only providers whose origin an admin trusts (TOKENDESK_TRUSTED_PROVIDERS) are called. The
          client secret is stored encrypted and never shown again.
        </p>
        <CreateProviderForm />
      </section>
    </>
  )
}
