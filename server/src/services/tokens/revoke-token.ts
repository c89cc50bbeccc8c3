import { eq } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import { tokens } from '../../db/schema'
import type { Who } from '../../lib/client-ip'
import { matchTrusted } from '../../lib/outbound/trusted-origin'
import { notifyRevoked } from '../alerts/notify'
import { recordAudit } from '../audit'
import { type RevokeResult, revokeSession } from '../hipchat/session'
import { clientFor } from '../oauth/credentials'
import { revokeRfc7009 } from '../oauth/revocation'
import { unseal } from './token-secrets'
import type { TokenRow } from './token-view'

type ProviderAnswer = RevokeResult | { provider: 'skipped'; status: null }
const SKIPPED: ProviderAnswer = { provider: 'skipped', status: null }

/**
 * Asks the provider to revoke; never throws, it reports. Registered OAuth providers get RFC 7009
 * (the refresh token when there is one, which revokes the grant); HipChat gets its session DELETE.
 */
async function revokeAtProvider(deps: AppDeps, row: TokenRow): Promise<ProviderAnswer> {
  if (!row.accessTokenEnc || row.status === 'revoked') return SKIPPED
  let access: string
  let refresh: string | null
  try {
    access = unseal(deps.keyring, row, 'access_token', row.accessTokenEnc)
    refresh = row.refreshTokenEnc
      ? unseal(deps.keyring, row, 'refresh_token', row.refreshTokenEnc)
      : null
  } catch {
    deps.logger.error({ tokenId: row.id }, 'token ciphertext failed its integrity check')
    return SKIPPED
  }
  if (row.providerId) {
    let client: ReturnType<typeof clientFor>
    try {
      client = clientFor(deps, row)
    } catch {
      return SKIPPED
    }
    const { revocationUrl } = client
    if (!revocationUrl) return SKIPPED
    return refresh
      ? revokeRfc7009(deps.http, { ...client, revocationUrl }, refresh, 'refresh_token')
      : revokeRfc7009(deps.http, { ...client, revocationUrl }, access, 'access_token')
  }
  if (!matchTrusted(new URL(row.providerUrl), deps.config.trustedProviders).trusted) return SKIPPED
  return revokeSession(deps.http, row.providerUrl, access)
}

/** Delete always wipes the local ciphertext, whatever the provider said. */
export async function deleteToken(deps: AppDeps, row: TokenRow, actor: SessionUser, who: Who) {
  const result = await revokeAtProvider(deps, row)
  const now = deps.clock()
  deps.db.transaction((tx) => {
    tx.delete(tokens).where(eq(tokens.id, row.id)).run()
    recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'token.deleted',
      targetType: 'token',
      targetId: row.id,
      ownerId: row.ownerId,
      ...who,
      detail: { provider: result.provider, fingerprint: row.fingerprint.slice(0, 12) },
    })
  })
  return { deleted: true as const, provider: result.provider, providerStatus: result.status }
}

/** Revoke keeps the row (for history) but wipes both ciphertexts and marks it revoked. */
export async function revokeToken(deps: AppDeps, row: TokenRow, actor: SessionUser, who: Who) {
  const result = await revokeAtProvider(deps, row)
  const now = deps.clock()
  deps.db.transaction((tx) => {
    tx.update(tokens)
      .set({
        status: 'revoked',
        accessTokenEnc: null,
        refreshTokenEnc: null,
        updatedAt: now,
        leaseOwner: null,
        leaseUntil: null,
      })
      .where(eq(tokens.id, row.id))
      .run()
    recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'token.revoked',
      targetType: 'token',
      targetId: row.id,
      ownerId: row.ownerId,
      ...who,
      detail: { provider: result.provider, fingerprint: row.fingerprint.slice(0, 12) },
    })
    notifyRevoked(tx, row, now)
  })
  return { provider: result.provider, providerStatus: result.status }
}
