import type { ProviderView } from '@tokendesk/shared/schemas/installation'
import type { TokenView } from '@tokendesk/shared/schemas/token'
import { useState } from 'react'
import { Link } from 'react-router-dom'
import { Alert } from '@/components/ui/alert'
import { RelativeTime } from '@/components/ui/relative-time'
import { paths } from '@/config/paths'
import { formatError } from '@/lib/format-error'
import { useMintProviderToken } from '../api/mint-provider-token'
import { startProviderConnection } from '../api/start-provider-connection'

export function ProviderActions({ provider }: { provider: ProviderView }) {
  const mint = useMintProviderToken()
  const [minted, setMinted] = useState<TokenView | null>(null)

  const handleMint = () => {
    setMinted(null)
    mint.mutate({ id: provider.id }, { onSuccess: setMinted })
  }

  return (
    <div className="stack">
      <div className="action-row">
        <button
          type="button"
          className="button button-primary button-small"
          onClick={handleMint}
          disabled={mint.isPending}
          aria-busy={mint.isPending || undefined}
        >
          Mint client-credentials token
          <span className="visually-hidden"> for {provider.name}</span>
        </button>
        {provider.authorizationUrl ? (
          <button
            type="button"
            className="button button-secondary button-small"
            onClick={() => startProviderConnection(provider.id)}
          >
            Connect<span className="visually-hidden"> an account with {provider.name}</span>
          </button>
        ) : null}
      </div>
      {mint.isError ? (
        <Alert tone="error" title="No token was minted">
          {formatError(mint.error)}
        </Alert>
      ) : null}
      {minted ? (
        <Alert tone="success" title="Token minted">
          {minted.expiresAt ? (
            <>
              It expires <RelativeTime date={minted.expiresAt} />.{' '}
            </>
          ) : (
            'The provider did not say when it expires. '
          )}
          <Link to={paths.tokenDetail.getHref(minted.id)}>View the new token</Link>
        </Alert>
      ) : null}
    </div>
  )
}
