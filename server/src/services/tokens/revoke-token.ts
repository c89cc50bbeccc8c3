import { eq } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import { tokens } from '../../db/schema'
import { matchTrusted } from '../../lib/outbound/trusted-origin'
import { recordAudit } from '../audit'
import { type RevokeResult, revokeSession } from '../hipchat/session'
import { unseal } from './token-secrets'
import type { TokenRow } from './token-view'

/** Asks the provider to revoke the access token; never throws, it reports. */
async function revokeAtProvider(
  deps: AppDeps,
  row: TokenRow,
): Promise<RevokeResult | { provider: 'skipped'; status: null }> {
  if (!row.accessTokenEnc || row.status === 'revoked') return { provider: 'skipped', status: null }
  if (!matchTrusted(new URL(row.providerUrl), deps.config.trustedProviders).trusted) {
    return { provider: 'skipped', status: null }
  }
  let value: string
  try {
    value = unseal(deps.keyring, row, 'access_token', row.accessTokenEnc)
  } catch {
    deps.logger.error({ tokenId: row.id }, 'token ciphertext failed its integrity check')
    return { provider: 'skipped', status: null }
  }
  return revokeSession(deps.http, row.providerUrl, value)
}

/** Delete always wipes the local ciphertext, whatever the provider said. */
export async function deleteToken(
  deps: AppDeps,
  row: TokenRow,
  actor: SessionUser,
  ip: string | null,
) {
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
      ip,
      detail: { provider: result.provider, fingerprint: row.fingerprint.slice(0, 12) },
    })
  })
  return { deleted: true as const, provider: result.provider, providerStatus: result.status }
}

/** Revoke keeps the row (for history) but wipes both ciphertexts and marks it revoked. */
export async function revokeToken(
  deps: AppDeps,
  row: TokenRow,
  actor: SessionUser,
  ip: string | null,
) {
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
      ip,
      detail: { provider: result.provider, fingerprint: row.fingerprint.slice(0, 12) },
    })
  })
  return { provider: result.provider, providerStatus: result.status }
}
