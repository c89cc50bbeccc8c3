import type { TokenView } from '@tokendesk/shared/schemas/token'
import { memo } from 'react'
import { Link } from 'react-router-dom'
import { RelativeTime } from '@/components/ui/relative-time'
import { paths } from '@/config/paths'
import { useNow } from '@/hooks/use-now'
import { KIND_LABELS } from '@/lib/token-words'
import { ScopeChips } from './scope-chips'
import { TokenStatusBadge } from './token-status-badge'

type TokensTableProps = { pages: TokenView[][]; showOwner: boolean; busy?: boolean }

/**
 * Each fetched page is its own memoised <tbody>: "Load more" renders only the new rows, and one
 * shared clock (not a timer per row) keeps relative times current, so thousands of rows stay cheap.
 * On a phone the same rows are drawn as cards (tokens.css), expiry and status on top.
 */
export function TokensTable({ pages, showOwner, busy = false }: TokensTableProps) {
  const now = useNow(60_000)
  return (
    <div
      className={busy ? 'table-wrap tokens-table-wrap is-stale' : 'table-wrap tokens-table-wrap'}
      aria-busy={busy || undefined}
    >
      <table className="table tokens-table">
        <caption className="visually-hidden">Tokens, with their expiry and status</caption>
        <thead>
          <tr>
            <th scope="col">Label</th>
            <th scope="col">Expires</th>
            <th scope="col">Status</th>
            <th scope="col">Kind</th>
            <th scope="col">Room</th>
            <th scope="col">Scopes</th>
            {showOwner ? <th scope="col">Owner</th> : null}
          </tr>
        </thead>
        {pages.map((tokens, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: pages only ever append
          <TokenRows key={index} tokens={tokens} showOwner={showOwner} now={now} />
        ))}
      </table>
    </div>
  )
}

/** A cell's column name, shown only when rows are drawn as cards (the header row is hidden). */
function CardLabel({ children }: { children: string }) {
  return (
    <span className="card-label" aria-hidden="true">
      {children}
    </span>
  )
}

type TokenRowsProps = { tokens: TokenView[]; showOwner: boolean; now: Date }

const TokenRows = memo(function TokenRows({ tokens, showOwner, now }: TokenRowsProps) {
  return (
    <tbody>
      {tokens.map((token) => (
        <tr key={token.id}>
          <th scope="row" className="cell-strong token-cell-label">
            <Link to={paths.tokenDetail.getHref(token.id)}>{token.label}</Link>
            {token.access === 'use' || token.access === 'view' ? (
              <span className="cell-note">Shared by {token.ownerName}</span>
            ) : null}
          </th>
          <td className="token-cell-expires">
            <CardLabel>Expires</CardLabel>
            {token.expiresAt ? (
              <RelativeTime date={token.expiresAt} now={now} />
            ) : (
              <span className="muted">No expiry known</span>
            )}
          </td>
          <td className="token-cell-status">
            <TokenStatusBadge status={token.status} />
          </td>
          <td className="token-cell-kind">{KIND_LABELS[token.kind]}</td>
          <td className="token-cell-room" data-empty={token.roomName ? undefined : true}>
            <CardLabel>Room</CardLabel>
            {token.roomName ?? <span className="muted">None</span>}
          </td>
          <td className="token-cell-scopes" data-empty={token.scopes.length > 0 ? undefined : true}>
            <CardLabel>Scopes</CardLabel>
            <ScopeChips scopes={token.scopes} label={`Scopes of ${token.label}`} />
          </td>
          {showOwner ? (
            <td className="token-cell-owner">
              <CardLabel>Owner</CardLabel>
              {token.ownerName}
              <span className="cell-note">{token.ownerEmail}</span>
            </td>
          ) : null}
        </tr>
      ))}
    </tbody>
  )
})
