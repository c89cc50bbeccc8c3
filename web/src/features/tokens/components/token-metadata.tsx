import type { TokenView } from '@tokendesk/shared/schemas/token'
import type { ReactNode } from 'react'
import { KIND_LABELS } from '@/lib/token-words'
import { OptionalTime } from './optional-time'
import { ScopeChips } from './scope-chips'
import { TokenExpiry } from './token-expiry'
import { ACCESS_LABELS } from './token-labels'
import { TokenStatusBadge } from './token-status-badge'

export function TokenMetadata({ token }: { token: TokenView }) {
  const none = <span className="muted">None</span>
  return (
    <dl className="details">
      <Item term="Status">
        <TokenStatusBadge status={token.status} />
        {token.revocationPending ? (
          <p className="cell-note" role="status">
            Revocation pending at the provider — retrying; last tried{' '}
            <OptionalTime date={token.revocationLastTriedAt} empty="not yet" />
          </p>
        ) : null}
      </Item>
      <Item term="Kind">{KIND_LABELS[token.kind]}</Item>
      <Item term="Expires">
        <TokenExpiry token={token} />
      </Item>
      <Item term="Owner">
        {token.ownerName} <span className="muted">({token.ownerEmail})</span>
      </Item>
      <Item term="Your access">{ACCESS_LABELS[token.access]}</Item>
      <Item term="Scopes">
        <ScopeChips scopes={token.scopes} />
      </Item>
      <Item term="Provider">
        <span className="break-all">{token.providerUrl}</span>
      </Item>
      <Item term="Room">{token.roomName ?? token.roomId ?? none}</Item>
      <Item term="Group">{token.groupName ?? none}</Item>
      <Item term="Provider user">
        {token.providerUser ? `${token.providerUser.name} (id ${token.providerUser.id})` : none}
      </Item>
      <Item term="Verified with the provider">{token.verified ? 'Yes' : 'No'}</Item>
      <Item term="Refreshable">{token.refreshable ? 'Yes' : 'No'}</Item>
      <Item term="Added">
        <OptionalTime date={token.createdAt} />
      </Item>
      <Item term="Updated">
        <OptionalTime date={token.updatedAt} />
      </Item>
      <Item term="Last refreshed">
        <OptionalTime date={token.lastRefreshedAt} />
      </Item>
      <Item term="Last used by a bot">
        <OptionalTime date={token.lastUsedAt} />
      </Item>
      <Item term="Next refresh">
        <OptionalTime date={token.nextRefreshAt} empty="Not scheduled" />
      </Item>
      <Item term="Last error">
        {token.lastError ? <span className="break-all">{token.lastError}</span> : none}
      </Item>
    </dl>
  )
}

function Item({ term, children }: { term: string; children: ReactNode }) {
  return (
    <div>
      <dt>{term}</dt>
      <dd>{children}</dd>
    </div>
  )
}
