import type { AppDeps, SessionUser } from '../../app-env'
import { fail } from '../../lib/http-error'
import { findInstallation } from '../installations/installation-store'
import { findProvider } from '../providers/provider-store'
import type { TokenRow } from '../tokens/token-view'
import { startAuthorization } from './oauth-client'

/** The authorization endpoint and client a token was issued through, if it can still ask. */
async function consentTarget(deps: AppDeps, row: TokenRow) {
  if (row.installationId) {
    const inst = await findInstallation(deps.db, row.installationId)
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
    const p = await findProvider(deps.db, row.providerId)
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
export async function startReconnect(
  deps: AppDeps,
  input: { user: SessionUser; sessionHash: string; row: TokenRow },
): Promise<{ location: string }> {
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
  const target = await consentTarget(deps, row)
  const location = await startAuthorization(deps, {
    sessionHash: input.sessionHash,
    ownerId: user.id,
    scopes: row.scopes,
    tokenId: row.id,
    ...target,
  })
  return { location }
}
