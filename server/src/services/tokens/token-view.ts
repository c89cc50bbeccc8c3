import type { AccessLevel, TokenAction, TokenView } from '@tokendesk/shared/schemas/token'
import { type ExpiryWindows, tokenStatus } from '@tokendesk/shared/token-status'
import type { tokens } from '../../db/schema'
import { refreshDueAt } from '../refresh/due'

export type TokenRow = typeof tokens.$inferSelect

/** Client-credentials tokens are re-minted; code-flow tokens need their refresh token. */
export function isRefreshable(row: Pick<TokenRow, 'grant' | 'refreshTokenEnc'>) {
  return row.grant === 'client_credentials' || row.refreshTokenEnc !== null
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

/** When the refresher will next try: when it falls due, or later if it is backing off. */
function nextRefreshAt(row: TokenRow) {
  const due = refreshDueAt(row)
  if (due === null) return row.nextAttemptAt
  return Math.max(due, row.nextAttemptAt ?? 0)
}

/**
 * The one mapper from a stored row to what a browser may see. It names every field it copies,
 * so ciphertext, fingerprints and lease data cannot slip through by spreading the row.
 */
export function toTokenView(
  row: TokenRow,
  ctx: {
    owner: { name: string; email: string }
    access: AccessLevel
    allowed: TokenAction[]
    now: number
    windows?: ExpiryWindows
    /** A provider revocation still waiting in the outbox (see revocation/outbox-store). */
    revocation?: { pending: boolean; lastTriedAt: number | null }
  },
): TokenView {
  const refreshable = isRefreshable(row)
  return {
    id: row.id,
    kind: row.kind,
    label: row.label,
    scopes: row.scopes,
    expiresAt: iso(row.expiresAt),
    providerExpiresAt: iso(row.providerExpiresAt),
    expiryManual: row.expiryManual,
    refreshExpiresAt: iso(row.refreshExpiresAt),
    status: tokenStatus(
      { kind: row.kind, state: row.status, expiresAt: row.expiresAt },
      ctx.now,
      ctx.windows,
    ),
    ownerId: row.ownerId,
    generation: row.generation,
    ownerName: ctx.owner.name,
    ownerEmail: ctx.owner.email,
    access: ctx.access,
    allowed: ctx.allowed,
    providerUrl: row.providerUrl,
    installationId: row.installationId,
    groupName: row.groupName,
    roomId: row.roomId,
    roomName: row.roomName,
    providerUser: row.providerUser ?? null,
    verified: row.verified,
    refreshable: refreshable && row.status !== 'revoked',
    lastError: row.lastError,
    createdAt: new Date(row.createdAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
    lastRefreshedAt: iso(row.lastRefreshedAt),
    lastUsedAt: iso(row.lastUsedAt),
    nextRefreshAt: refreshable && row.status === 'active' ? iso(nextRefreshAt(row)) : null,
    revocationPending: ctx.revocation?.pending ?? false,
    revocationLastTriedAt: iso(ctx.revocation?.lastTriedAt ?? null),
  }
}
