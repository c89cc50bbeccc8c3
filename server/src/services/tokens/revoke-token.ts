import { eq } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import type { Tx } from '../../db/client'
import { tokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { notifyRevoked } from '../alerts/notify'
import { recordAudit } from '../audit'
import type { RevokeResult } from '../hipchat/hipchat-session-api'
import { createCircuitBreaker } from '../providers/circuit-breaker'
import { type EnqueueInput, enqueueRevocation } from '../revocation/outbox-store'
import { attemptRevocation, revocationTarget } from '../revocation/provider-revocation'
import { unseal } from './token-secrets'
import type { TokenRow } from './token-view'

type ProviderAnswer = RevokeResult | { provider: 'skipped'; status: null }
type Outcome = { answer: ProviderAnswer; retry: Omit<EnqueueInput, 'tokenId' | 'ownerId'> | null }
const SKIPPED: Outcome = { answer: { provider: 'skipped', status: null }, retry: null }

/**
 * Asks the provider to revoke; never throws, it reports. Registered OAuth providers get RFC 7009
 * (the refresh token when there is one, which revokes the grant); HipChat gets its session DELETE.
 * A retryable failure (or an open circuit) comes back with what the outbox needs to try again.
 */
async function revokeAtProvider(deps: AppDeps, row: TokenRow): Promise<Outcome> {
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
  const target = await revocationTarget(deps, row)
  if (target.kind === 'none') return SKIPPED
  // HipChat sessions are access tokens; for RFC 7009 the refresh token revokes the whole grant.
  const [value, hint] =
    target.kind === 'rfc7009' && refresh
      ? [refresh, 'refresh_token' as const]
      : [access, 'access_token' as const]
  const breaker = createCircuitBreaker(deps)
  const attempt = await attemptRevocation(deps, breaker, target, value, hint)
  if (attempt.outcome === 'confirmed' || attempt.outcome === 'refused')
    return { answer: attempt.answer, retry: null }
  const called = attempt.outcome === 'retry'
  return {
    answer: called ? attempt.answer : { provider: 'unreachable', status: null },
    retry: {
      installationId: row.installationId,
      providerId: row.providerId,
      providerUrl: row.providerUrl,
      value,
      tokenTypeHint: hint,
      attempts: called ? 1 : 0,
      lastError: called ? attempt.reason : 'the provider’s circuit is open',
    },
  }
}

/** Inside the wiping transaction: the value leaves the token row and enters the queue together. */
async function queueRetry(deps: AppDeps, tx: Tx, row: TokenRow, outcome: Outcome, now: number) {
  if (!outcome.retry) return false
  await enqueueRevocation(
    tx,
    deps.keyring,
    { ...outcome.retry, tokenId: row.id, ownerId: row.ownerId },
    now,
  )
  return true
}

const auditDetail = (row: TokenRow, outcome: Outcome) => ({
  provider: outcome.answer.provider,
  fingerprint: row.fingerprint.slice(0, 12),
  ...(outcome.retry ? { revocation: 'queued' } : {}),
})

/** Delete always wipes the local ciphertext, whatever the provider said. */
export async function deleteToken(deps: AppDeps, row: TokenRow, actor: SessionUser, who: Who) {
  const outcome = await revokeAtProvider(deps, row)
  const now = deps.clock()
  const queued = await transaction(deps.db, async (tx) => {
    await tx.delete(tokens).where(eq(tokens.id, row.id))
    const queued = await queueRetry(deps, tx, row, outcome, now)
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'token.deleted',
      targetType: 'token',
      targetId: row.id,
      ownerId: row.ownerId,
      ...who,
      detail: auditDetail(row, outcome),
    })
    return queued
  })
  return {
    deleted: true as const,
    provider: outcome.answer.provider,
    providerStatus: outcome.answer.status,
    revocationQueued: queued,
  }
}

/** Revoke keeps the row (for history) but wipes both ciphertexts and marks it revoked. */
export async function revokeToken(deps: AppDeps, row: TokenRow, actor: SessionUser, who: Who) {
  const outcome = await revokeAtProvider(deps, row)
  const now = deps.clock()
  const queued = await transaction(deps.db, async (tx) => {
    await tx
      .update(tokens)
      .set({
        status: 'revoked',
        accessTokenEnc: null,
        refreshTokenEnc: null,
        updatedAt: now,
        leaseOwner: null,
        leaseUntil: null,
      })
      .where(eq(tokens.id, row.id))
    const queued = await queueRetry(deps, tx, row, outcome, now)
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'token.revoked',
      targetType: 'token',
      targetId: row.id,
      ownerId: row.ownerId,
      ...who,
      detail: auditDetail(row, outcome),
    })
    await notifyRevoked(tx, row, now)
    return queued
  })
  return {
    provider: outcome.answer.provider,
    providerStatus: outcome.answer.status,
    revocationQueued: queued,
  }
}
