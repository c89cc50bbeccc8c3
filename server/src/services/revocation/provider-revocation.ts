import { eq } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import { providers } from '../../db/schema'
import { matchTrusted } from '../../lib/outbound/trusted-origin'
import { type RevokeResult, revokeSession } from '../hipchat/hipchat-session-api'
import { type ClientCredentials, providerClient } from '../oauth/credentials'
import { revokeRfc7009 } from '../oauth/revocation'
import { type CircuitBreaker, originOf } from '../providers/circuit-breaker'
import type { TokenTypeHint } from './outbox-store'

/** Where a revocation goes: RFC 7009 for registered providers, HipChat's session DELETE otherwise. */
export type RevocationTarget =
  | { kind: 'rfc7009'; origin: string; client: ClientCredentials & { revocationUrl: string } }
  | { kind: 'session'; origin: string; providerUrl: string }
  | { kind: 'none'; reason: string }

export async function revocationTarget(
  deps: Pick<AppDeps, 'db' | 'keyring' | 'config'>,
  ref: { providerId: string | null; providerUrl: string },
): Promise<RevocationTarget> {
  if (ref.providerId) {
    const [p] = await deps.db
      .select()
      .from(providers)
      .where(eq(providers.id, ref.providerId))
      .limit(1)
    if (!p) return { kind: 'none', reason: 'the provider was removed from Token Desk' }
    const { revocationUrl } = p
    if (!revocationUrl) return { kind: 'none', reason: 'the provider has no revocation URL' }
    try {
      const client = { ...providerClient(deps.keyring, p), revocationUrl }
      return { kind: 'rfc7009', origin: originOf(revocationUrl), client }
    } catch {
      return { kind: 'none', reason: 'the provider’s client secret could not be decrypted' }
    }
  }
  const url = new URL(ref.providerUrl)
  if (!matchTrusted(url, deps.config.trustedProviders).trusted)
    return { kind: 'none', reason: 'the provider is not trusted' }
  return { kind: 'session', origin: url.origin, providerUrl: ref.providerUrl }
}

export type Attempt =
  /** Revoked, or already invalid: either way the goal is met. */
  | { outcome: 'confirmed'; answer: RevokeResult }
  /** 5xx, 429, timeout or no connection: worth asking again later. */
  | { outcome: 'retry'; answer: RevokeResult; reason: string }
  /** Any other answer (400 …): asking again would get the same answer. */
  | { outcome: 'refused'; answer: RevokeResult; reason: string }
  /** The provider's circuit is open: not called at all. */
  | { outcome: 'held'; until: number }

const isRetryable = (status: number | null) =>
  status === null || status >= 500 || status === 429 || status === 408

const describe = (r: RevokeResult) =>
  r.status === null ? 'the provider could not be reached' : `the provider answered ${r.status}`

/** One revocation call, through the provider's circuit breaker; never throws. */
export async function attemptRevocation(
  deps: Pick<AppDeps, 'http'>,
  breaker: CircuitBreaker,
  target: Exclude<RevocationTarget, { kind: 'none' }>,
  value: string,
  hint: TokenTypeHint,
): Promise<Attempt> {
  const admitted = await breaker.admit(target.origin)
  if (!admitted.ok) return { outcome: 'held', until: admitted.until }
  const answer =
    target.kind === 'rfc7009'
      ? await revokeRfc7009(deps.http, target.client, value, hint)
      : await revokeSession(deps.http, target.providerUrl, value)
  if (answer.provider === 'revoked' || answer.provider === 'already_invalid') {
    await breaker.success(target.origin)
    return { outcome: 'confirmed', answer }
  }
  const reason = describe(answer)
  if (isRetryable(answer.status)) {
    // A rate limit is about one client, not the provider: it must not pause every tenant.
    if (answer.status === 429) await breaker.success(target.origin)
    else await breaker.failure(target.origin, reason)
    return { outcome: 'retry', answer, reason }
  }
  // A definite answer, even a refusal, shows the provider is up.
  await breaker.success(target.origin)
  return { outcome: 'refused', answer, reason }
}
