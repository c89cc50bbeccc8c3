import type { ProviderView } from '@tokendesk/shared/schemas/installation'
import { EmptyState } from '@/components/ui/empty-state'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { useProviders } from '../api/get-providers'
import { ProviderActions } from './provider-actions'

const AUTH_LABELS: Record<ProviderView['clientAuth'], string> = {
  client_secret_basic: 'HTTP Basic',
  client_secret_post: 'Request body',
}

function ProviderItem({ provider }: { provider: ProviderView }) {
  return (
    <li className="list-card">
      <h3>{provider.name}</h3>
      <dl className="details">
        <div className="details-wide">
          <dt>Token URL</dt>
          <dd className="break">{provider.tokenUrl}</dd>
        </div>
        <div className="details-wide">
          <dt>Authorization URL</dt>
          <dd className="break">{provider.authorizationUrl ?? 'None (client credentials only)'}</dd>
        </div>
        <div>
          <dt>Client ID</dt>
          <dd className="break">
            <code>{provider.clientId}</code>
          </dd>
        </div>
        <div>
          <dt>Client authentication</dt>
          <dd>{AUTH_LABELS[provider.clientAuth]}</dd>
        </div>
        <div>
          <dt>Default scopes</dt>
          <dd>{provider.scopes.length ? provider.scopes.join(' ') : 'Provider defaults'}</dd>
        </div>
        <div>
          <dt>Tokens</dt>
          <dd>{provider.tokenCount}</dd>
        </div>
      </dl>
      <ProviderActions provider={provider} />
    </li>
  )
}

export function ProvidersList() {
  const providers = useProviders()

  if (providers.isPending) return <Loading label="Loading providers…" lines={2} />
  if (providers.isError) {
    return (
      <QueryError
        title="Could not load providers"
        error={providers.error}
        onRetry={() => providers.refetch()}
      />
    )
  }
  if (providers.data.items.length === 0) {
    return (
      <EmptyState title="No providers yet">
        Register an OAuth 2.0 authorization server with the form below to mint and refresh its
        tokens here.
      </EmptyState>
    )
  }
  return (
    <ul className="card-list">
      {providers.data.items.map((provider) => (
        <ProviderItem key={provider.id} provider={provider} />
      ))}
    </ul>
  )
}
