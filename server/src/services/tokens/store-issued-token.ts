import type { TokenKind } from '@tokendesk/shared/schemas/token'
import type { AppDeps } from '../../app-env'
import type { Tx } from '../../db/client'
import { newId } from '../../db/ids'
import { tokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { recordAudit } from '../audit'
import type { TokenSet } from '../oauth/token-client'
import { seal, tokenFingerprint } from './token-secrets'

export type IssuedToken = {
  ownerId: string
  kind: TokenKind
  grant: 'client_credentials' | 'authorization_code'
  label: string
  providerUrl: string
  installationId?: string | null
  providerId?: string | null
  tokens: TokenSet
  requestedScopes: string[]
  groupId?: string | null
  groupName?: string | null
  roomId?: string | null
  providerUser?: { id: string; name: string } | null
  actorId: string | null
  /** Who asked, for the audit row (absent for system work). */
  who?: Who
}

/**
 * Stores a token a grant exchange just produced; returns its id. Inside the caller's transaction
 * when given one, else in its own.
 */
export async function storeIssuedToken(deps: AppDeps, t: IssuedToken, tx?: Tx): Promise<string> {
  if (!tx) return transaction(deps.db, (own) => storeIssuedToken(deps, t, own))
  const now = deps.clock()
  const id = newId()
  const ref = { id, ownerId: t.ownerId }
  await tx.insert(tokens).values({
    id,
    ownerId: t.ownerId,
    kind: t.kind,
    grant: t.grant,
    label: t.label,
    providerUrl: t.providerUrl,
    installationId: t.installationId ?? null,
    providerId: t.providerId ?? null,
    scopes: t.tokens.scope ?? t.requestedScopes,
    groupId: t.tokens.groupId ?? t.groupId ?? null,
    groupName: t.tokens.groupName ?? t.groupName ?? null,
    roomId: t.roomId ?? null,
    providerUser: t.providerUser ?? null,
    accessTokenEnc: seal(deps.keyring, ref, 'access_token', t.tokens.accessToken),
    refreshTokenEnc: t.tokens.refreshToken
      ? seal(deps.keyring, ref, 'refresh_token', t.tokens.refreshToken)
      : null,
    expiresAt: t.tokens.expiresIn === null ? null : now + t.tokens.expiresIn * 1000,
    providerExpiresAt: t.tokens.expiresIn === null ? null : now + t.tokens.expiresIn * 1000,
    verified: true,
    fingerprint: tokenFingerprint(deps.keyring, t.tokens.accessToken),
    createdAt: now,
    updatedAt: now,
    lastRefreshedAt: now,
  })
  await recordAudit(tx, {
    at: now,
    actorId: t.actorId,
    action: 'token.created',
    targetType: 'token',
    targetId: id,
    ownerId: t.ownerId,
    detail: { kind: t.kind, source: 'exchange' },
    ...t.who,
  })
  return id
}
