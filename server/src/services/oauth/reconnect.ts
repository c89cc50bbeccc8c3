import { eq } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import { installations, providers } from '../../db/schema'
import { fail } from '../../lib/http-error'
import type { TokenRow } from '../tokens/token-view'
import { startAuthorization } from './authorization'

/** The authorization endpoint and client a token was issued through, if it can still ask. */
function consentTarget(deps: AppDeps, row: TokenRow) {
  if (row.installationId) {
    const inst = deps.db
      .select()
      .from(installations)
      .where(eq(installations.id, row.installationId))
      .get()
    if (!inst || inst.status === 'removed' || !inst.oauthSecretEnc)
      return fail(409, 'conflict', 'The installation behind this token was removed')
    if (!inst.authorizationUrl)
      return fail(409, 'conflict', 'The installation behind this token cannot connect users')
    return {
      authorizationUrl: inst.authorizationUrl,
      clientId: inst.oauthId,
      installationId: inst.id,
    }
  }
  if (row.providerId) {
    const p = deps.db.select().from(providers).where(eq(providers.id, row.providerId)).get()
    if (!p) return fail(409, 'conflict', 'The provider behind this token was removed')
    if (!p.authorizationUrl) return fail(409, 'conflict', 'The provider has no authorization URL')
    return { authorizationUrl: p.authorizationUrl, clientId: p.clientId, providerId: p.id }
  }
  return fail(409, 'not_reconnectable', 'This token was not issued to a client Token Desk holds')
}

/**
 * Starts the consent flow again for an existing token: the state remembers the token, so the
 * callback renews that row (same id, shares, bot keys) instead of creating a second one. The
 * caller has checked the token is visible; only its owner may reconnect it.
 */
export function startReconnect(
  deps: AppDeps,
  input: { user: SessionUser; sessionHash: string; row: TokenRow },
): { location: string } {
  const { user, row } = input
  if (row.ownerId !== user.id) fail(403, 'forbidden', 'Only the token’s owner may reconnect it')
  if (row.grant !== 'authorization_code') {
    return fail(
      409,
      'not_reconnectable',
      row.grant === 'pasted'
        ? 'This token was pasted, not approved at the provider; paste a new one instead'
        : 'This token is minted with the client’s own credentials; refresh it instead',
    )
  }
  if (row.status === 'revoked') fail(409, 'conflict', 'This token was revoked; connect a new one')
  const target = consentTarget(deps, row)
  const location = startAuthorization(deps, {
    sessionHash: input.sessionHash,
    ownerId: user.id,
    scopes: row.scopes,
    tokenId: row.id,
    ...target,
  })
  return { location }
}
