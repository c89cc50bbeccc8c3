import type { TokenView } from '@tokendesk/shared/schemas/token'
import type { ReactNode } from 'react'
import { Link } from 'react-router-dom'
import { Alert } from '@/components/ui/alert'
import { PageHeader } from '@/components/ui/page-header'
import { paths } from '@/config/paths'
import { KIND_LABELS } from '@/lib/token-words'
import { ChangeOwnerForm } from './change-owner-form'
import { EditTokenForm } from './edit-token-form'
import { ProviderRecheckForm } from './provider-recheck-form'
import { reconnect, reconnectHref } from './reconnect'
import { RefreshAction } from './refresh-action'
import { RemoveTokenActions } from './remove-token-actions'
import { TokenAuditHistory } from './token-audit-history'
import { TokenIdAndSnippets } from './token-id-and-snippets'
import { can } from './token-labels'
import { TokenMetadata } from './token-metadata'
import { TokenSecretActions } from './token-secret-actions'
import { TokenSharing } from './token-sharing'
import { TokenStatusBadge } from './token-status-badge'

type TokenDetailProps = {
  token: TokenView
  /** Names of the viewer's bot keys by id, to say which bots use the token. */
  botKeyNames: ReadonlyMap<string, string>
}

/** Every section and button follows `token.allowed`, the server's policy for this viewer. */
export function TokenDetail({ token, botKeyNames }: TokenDetailProps) {
  const href = reconnectHref(token)
  const mayReconnect = href !== null && can(token, 'token.reconnect')
  const live = token.status !== 'revoked'
  const pasted = token.kind === 'personal' || token.kind === 'notification'
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
            mayReconnect ? (
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
            : mayReconnect
              ? 'Reconnect to approve Token Desk at the provider again; this token keeps its shares and bot keys.'
              : 'Its owner can reconnect it.'}
        </Alert>
      ) : null}
      {can(token, 'token.read_value') && live ? (
        <Section id="value" title="Use this token">
          <p className="muted">
            The value is fetched when you ask for it, and every fetch is audited.
          </p>
          <TokenSecretActions tokenId={token.id} />
        </Section>
      ) : null}
      {token.refreshable && can(token, 'token.refresh') && live ? (
        <Section id="refresh" title="Refresh">
          <RefreshAction token={token} />
        </Section>
      ) : null}
      <TokenIdAndSnippets token={token} />
      <Section id="details" title="Details">
        <TokenMetadata token={token} />
      </Section>
      {pasted && live && can(token, 'token.update') ? (
        <Section id="provider" title="Provider">
          <ProviderRecheckForm key={token.updatedAt} token={token} />
        </Section>
      ) : null}
      {can(token, 'token.update') ? (
        <Section id="edit" title="Edit">
          <EditTokenForm key={token.updatedAt} token={token} />
        </Section>
      ) : null}
      {can(token, 'token.share') || can(token, 'token.read_shares') ? (
        <Section id="sharing" title="Sharing">
          <TokenSharing
            tokenId={token.id}
            canShare={can(token, 'token.share')}
            canListShares={can(token, 'token.read_shares')}
          />
        </Section>
      ) : null}
      {can(token, 'token.reassign') ? (
        <Section id="owner" title="Change owner">
          <ChangeOwnerForm tokenId={token.id} />
        </Section>
      ) : null}
      {(can(token, 'token.revoke') && live) || can(token, 'token.delete') ? (
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
