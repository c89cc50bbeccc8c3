import { Link } from 'react-router-dom'
import { EmptyState } from '@/components/ui/empty-state'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { RelativeTime } from '@/components/ui/relative-time'
import { StatusBadge } from '@/components/ui/status-badge'
import { paths } from '@/config/paths'
import { KIND_LABELS, STATUS_LABELS } from '@/lib/token-words'
import { useInstallationTokens } from '../api/get-installation-tokens'

export function InstallationTokens({ installationId }: { installationId: string }) {
  const tokens = useInstallationTokens(installationId)

  if (tokens.isPending) return <Loading label="Loading tokens…" lines={2} />
  if (tokens.isError) {
    return (
      <QueryError
        title="Could not load the tokens"
        error={tokens.error}
        onRetry={() => tokens.refetch()}
      />
    )
  }
  if (tokens.data.length === 0) {
    return (
      <EmptyState title="No tokens from this installation yet">
        Mint an add-on token or connect a user below.
      </EmptyState>
    )
  }
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">Tokens of this installation</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Kind</th>
            <th scope="col">Status</th>
            <th scope="col">Expires</th>
          </tr>
        </thead>
        <tbody>
          {tokens.data.map((token) => (
            <tr key={token.id}>
              <th scope="row" className="cell-strong">
                <Link to={paths.tokenDetail.getHref(token.id)}>{token.label}</Link>
              </th>
              <td>{KIND_LABELS[token.kind]}</td>
              <td>
                <StatusBadge tone={STATUS_LABELS[token.status].tone}>
                  {STATUS_LABELS[token.status].label}
                </StatusBadge>
              </td>
              <td>
                {token.expiresAt ? (
                  <RelativeTime date={token.expiresAt} />
                ) : (
                  <span className="muted">No expiry</span>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
