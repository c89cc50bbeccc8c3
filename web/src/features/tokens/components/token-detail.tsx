import type { TokenView } from '@tokendesk/shared/schemas/token'
import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { Alert } from '@/components/ui/alert'
import { PageHeader } from '@/components/ui/page-header'
import { paths } from '@/config/paths'
import { KIND_LABELS } from '@/lib/token-words'
import { ChangeOwnerForm } from './change-owner-form'
import { EditTokenForm } from './edit-token-form'
import { reconnect, reconnectHref } from './reconnect'
import { RefreshAction } from './refresh-action'
import { RemoveTokenActions } from './remove-token-actions'
import { TokenAuditHistory } from './token-audit-history'
import { canRemove, canUseValue } from './token-labels'
import { TokenMetadata } from './token-metadata'
import { TokenSecretActions } from './token-secret-actions'
import { TokenSharing } from './token-sharing'
import { TokenStatusBadge } from './token-status-badge'

type TokenDetailProps = {
  token: TokenView
  isAdmin: boolean
  /** Names of the viewer's bot keys by id, to say which bots use the token. */
  botKeyNames: ReadonlyMap<string, string>
}

export function TokenDetail({ token, isAdmin, botKeyNames }: TokenDetailProps) {
  const isOwner = token.access === 'owner'
  const href = reconnectHref(token)
  return (
    <>
      <PageHeader
        title={token.label}
        description={
          <>
            {KIND_LABELS[token.kind]} token · <TokenStatusBadge status={token.status} />
          </>
        }
        actions={<Link to={paths.tokens.getHref()}>Back to all tokens</Link>}
      />
      {token.status === 'needs_reauth' ? (
        <Alert
          tone="warning"
          title="This token needs reconnecting"
          action={
            href && isOwner ? (
              <button
                type="button"
                className="button button-primary"
                onClick={() => reconnect(href)}
              >
                Reconnect
              </button>
            ) : undefined
          }
        >
          The provider stopped accepting its grant, so it cannot be refreshed.{' '}
          {!href
            ? 'Paste a new token from the provider.'
            : isOwner
              ? 'Reconnect to approve Token Desk at the provider again; this token keeps its shares and bot keys.'
              : 'Its owner can reconnect it.'}
        </Alert>
      ) : null}
      {canUseValue(token.access) && token.status !== 'revoked' ? (
        <Section id="value" title="Use this token">
          <p className="muted">
            The value is fetched when you ask for it, and every fetch is audited.
          </p>
          <TokenSecretActions tokenId={token.id} />
        </Section>
      ) : null}
      {token.refreshable && token.access !== 'view' && token.status !== 'revoked' ? (
        <Section id="refresh" title="Refresh">
          <RefreshAction token={token} />
        </Section>
      ) : null}
      <Section id="details" title="Details">
        <TokenMetadata token={token} />
      </Section>
      {isOwner ? (
        <Section id="edit" title="Edit">
          <EditTokenForm key={token.updatedAt} token={token} />
        </Section>
      ) : null}
      {isOwner ? (
        <Section id="sharing" title="Sharing">
          <TokenSharing tokenId={token.id} />
        </Section>
      ) : null}
      {isAdmin ? (
        <Section id="owner" title="Change owner">
          <ChangeOwnerForm tokenId={token.id} />
        </Section>
      ) : null}
      {canRemove(token.access) ? (
        <Section id="remove" title="Revoke or delete">
          <RemoveTokenActions token={token} botKeyNames={botKeyNames} />
        </Section>
      ) : null}
      <Section id="history" title="History">
        <TokenAuditHistory tokenId={token.id} />
      </Section>
    </>
  )
}

function Section({ id, title, children }: { id: string; title: string; children: ReactNode }) {
  return (
    <section className="card stack" aria-labelledby={`${id}-heading`}>
      <h2 id={`${id}-heading`}>{title}</h2>
      {children}
    </section>
  )
}
