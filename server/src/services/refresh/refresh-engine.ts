import { randomUUID } from 'node:crypto'
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import { installations, tokens } from '../../db/schema'
import { ApiError } from '../../lib/http-error'
import { type AuditActorType, recordAudit } from '../audit'
import { revokeSession } from '../hipchat/hipchat-session-api'
import { clientFor } from '../oauth/credentials'
import { clientCredentialsParams } from '../oauth/oauth-client'
import { revokeRfc7009 } from '../oauth/revocation'
import { requestToken, type TokenFailure, type TokenSet } from '../oauth/token-client'
import { type CircuitBreaker, originOf } from '../providers/circuit-breaker'
import { revocationTarget } from '../revocation/provider-revocation'
import { seal, unseal } from '../tokens/token-secrets'
import { isRefreshable, type TokenRow } from '../tokens/token-view'
import { isDue } from './due'
import { type FaultHook, noFaults } from './fault-points'

/** Who asked for a refresh; every audit row of a refresh names it. */
export type RefreshActor =
  | { type: 'person'; id: string }
  | { type: 'bot_key'; id: string }
  | { type: 'refresher' }

export type RefreshRequest = {
  actor: RefreshActor
  /**
   * `force`: exchange now (scripts). `if_due`: only when the token is due (bots, the refresher).
   * A number: the generation the caller saw; exchange only if the token has not moved past it.
   */
  when: 'force' | 'if_due' | { since: number }
}

export type RefreshOutcome =
  | { kind: 'refreshed'; row: TokenRow }
  | { kind: 'already_fresh'; row: TokenRow }
  | { kind: 'failed'; row: TokenRow; failure: TokenFailure }
  | { kind: 'circuit_open'; row: TokenRow; origin: string; until: number }
  | { kind: 'needs_reauth'; row: TokenRow; message: string }
  | { kind: 'not_refreshable'; row: TokenRow; reason: 'revoked' | 'no_grant' }

export type RefreshEngineOptions = {
  leaseMs?: number
  maxTries?: number
  baseDelayMs?: number
  sleep?: (ms: number) => Promise<void>
  fault?: FaultHook
  breaker?: CircuitBreaker
  onEvent?: (event: RefreshEvent) => void
}

export type RefreshEvent =
  | { type: 'refreshed'; token: TokenRow; recovered: boolean }
  | { type: 'failed'; token: TokenRow; failure: TokenFailure; needsReauth: boolean }

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Scheduled retries after a failed refresh back off to at most 30 minutes. */
export const nextAttemptDelayMs = (failCount: number) =>
  Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, failCount - 1))

const auditActor = (a: RefreshActor): { actorId: string | null; actorType: AuditActorType } =>
  a.type === 'refresher'
    ? { actorId: null, actorType: 'refresher' }
    : { actorId: a.id, actorType: a.type }

/**
 * Refreshes a token at most once per need: one promise per token inside the process, and a
 * lease with generation fencing across processes (docs/security.md, refresh state machine).
 * Takes the row the caller already loaded and returns an outcome; mapping it to HTTP is the
 * caller's business. It reads the row again only when another worker won the claim.
 */
export function createRefreshEngine(deps: AppDeps, opts: RefreshEngineOptions = {}) {
  const { db, clock, keyring } = deps
  const holder = `${process.pid}:${randomUUID()}`
  const leaseMs = opts.leaseMs ?? 60_000
  const maxTries = opts.maxTries ?? 3
  const baseDelayMs = opts.baseDelayMs ?? 500
  const sleep = opts.sleep ?? realSleep
  const fault = opts.fault ?? noFaults
  const breaker = opts.breaker
  const inflight = new Map<string, Promise<RefreshOutcome>>()

  const readById = db
    .select()
    .from(tokens)
    .where(eq(tokens.id, sql.placeholder('id')))
    .prepare()
  const read = (id: string) => readById.get({ id })

  // Claims only the generation the caller decided on: a caller that saw an older generation
  // loses the claim and learns, from one re-read, that someone else already renewed it.
  const claimStmt = db
    .update(tokens)
    .set({ leaseOwner: holder, leaseUntil: sql`${sql.placeholder('leaseUntil')}` })
    .where(
      and(
        eq(tokens.id, sql.placeholder('id')),
        eq(tokens.generation, sql.placeholder('generation')),
        eq(tokens.status, 'active'),
        or(isNull(tokens.leaseUntil), lt(tokens.leaseUntil, sql.placeholder('now'))),
      ),
    )
    .returning()
    .prepare()

  const claim = (id: string, generation: number) => {
    const now = clock()
    return claimStmt.get({ id, generation, leaseUntil: now + leaseMs, now })
  }

  const fenced = (row: TokenRow) =>
    and(eq(tokens.id, row.id), eq(tokens.leaseOwner, holder), eq(tokens.generation, row.generation))

  const release = (row: TokenRow) =>
    db.update(tokens).set({ leaseOwner: null, leaseUntil: null }).where(fenced(row)).run()

  type Exchange =
    | { tokens: TokenSet; installationId: string | null }
    | { failure: TokenFailure; installationId: string | null }
    | { circuit: { origin: string; until: number } }

  async function exchange(row: TokenRow): Promise<Exchange> {
    const client = clientFor(deps, row)
    const installationId = client.installationId
    const refreshToken = row.refreshTokenEnc
      ? unseal(keyring, row, 'refresh_token', row.refreshTokenEnc)
      : null
    // A person's token without a refresh token cannot be renewed by minting a client token.
    if (!refreshToken && row.grant !== 'client_credentials') {
      const failure: TokenFailure = {
        kind: 'invalid_grant',
        message: 'no refresh token was issued; reconnect',
      }
      return { failure, installationId }
    }
    const params: Record<string, string> = refreshToken
      ? { grant_type: 'refresh_token', refresh_token: refreshToken }
      : clientCredentialsParams(row.scopes)
    // One admission per exchange, and one verdict: a refresh that failed after its retries
    // counts once towards opening the provider's circuit.
    const origin = originOf(client.tokenUrl)
    const admitted = breaker?.admit(origin) ?? { ok: true as const, probe: false }
    if (!admitted.ok) return { circuit: { origin, until: admitted.until } }
    const tries = admitted.probe ? 1 : maxTries
    let last: TokenFailure | null = null
    for (let attempt = 0; attempt < tries; attempt++) {
      const result = await requestToken(deps.http, { ...client, params })
      if (result.ok) {
        breaker?.success(origin)
        return { tokens: result.tokens, installationId }
      }
      last = result.failure
      if (last.kind !== 'retryable') break
      // A timed-out rotating refresh may have rotated already: one more try at most (K3).
      if (refreshToken && last.timeout && attempt >= 1) break
      if (attempt + 1 < tries) {
        const jitter = Math.random() * baseDelayMs * 2 ** attempt
        await sleep(Math.min(leaseMs / 2, last.retryAfterMs ?? jitter))
      }
    }
    const failure = last as TokenFailure
    // The provider answered (invalid_grant and the like): it is up, whatever it thought.
    // A rate limit is about one client, not the provider: it must not pause every tenant.
    if (failure.kind === 'retryable' && failure.reason !== 'rate_limited')
      breaker?.failure(origin, failure.message)
    else breaker?.success(origin)
    return { failure, installationId }
  }

  /**
   * Writes the new tokens fenced by lease and generation. Seals against the row as it is inside
   * the write transaction: an owner change (which is bound into the ciphertext's AAD) that
   * committed during the provider call is honoured instead of leaving an undecryptable row.
   */
  function persist(claimed: TokenRow, t: TokenSet, actor: RefreshActor): TokenRow {
    const now = clock()
    return db.transaction(
      (tx) => {
        const current = tx.select().from(tokens).where(fenced(claimed)).get()
        if (!current) throw new ApiError(409, 'conflict', 'Another worker took over this refresh')
        const refreshTokenEnc = t.refreshToken
          ? seal(keyring, current, 'refresh_token', t.refreshToken)
          : current.refreshTokenEnc
        const written = tx
          .update(tokens)
          .set({
            accessTokenEnc: seal(keyring, current, 'access_token', t.accessToken),
            // RFC 6749 §6: no new refresh token means the old one stays valid.
            refreshTokenEnc,
            expiresAt: t.expiresIn === null ? null : now + t.expiresIn * 1000,
            scopes: t.scope ?? current.scopes,
            generation: current.generation + 1,
            leaseOwner: null,
            leaseUntil: null,
            status: 'active',
            failCount: 0,
            lastError: null,
            nextAttemptAt: null,
            failingSince: null,
            lastRefreshedAt: now,
            updatedAt: now,
          })
          .where(fenced(claimed))
          .returning()
          .get()
        recordAudit(tx, {
          at: now,
          ...auditActor(actor),
          action: 'token.refreshed',
          targetType: 'token',
          targetId: claimed.id,
          ownerId: current.ownerId,
          detail: { generation: current.generation + 1, afterFailures: current.failCount },
        })
        return written
      },
      { behavior: 'immediate' },
    )
  }

  function recordFailure(
    claimed: TokenRow,
    failure: TokenFailure,
    installationId: string | null,
    actor: RefreshActor,
  ): TokenRow {
    const now = clock()
    const needsReauth = failure.kind === 'invalid_grant'
    const failCount = claimed.failCount + 1
    return db.transaction(
      (tx) => {
        const written =
          tx
            .update(tokens)
            .set({
              leaseOwner: null,
              leaseUntil: null,
              failCount,
              lastError: failure.message.slice(0, 500),
              nextAttemptAt: needsReauth ? null : now + nextAttemptDelayMs(failCount),
              failingSince: claimed.failingSince ?? now,
              updatedAt: now,
              ...(needsReauth ? { status: 'needs_reauth' as const } : {}),
            })
            .where(fenced(claimed))
            .returning()
            .get() ?? claimed
        if (failure.kind === 'invalid_client' && installationId) {
          tx.update(installations)
            .set({ status: 'broken', lastError: failure.message.slice(0, 500), updatedAt: now })
            .where(eq(installations.id, installationId))
            .run()
        }
        recordAudit(tx, {
          at: now,
          ...auditActor(actor),
          action: needsReauth ? 'token.needs_reauth' : 'token.refresh_failed',
          targetType: 'token',
          targetId: claimed.id,
          ownerId: written.ownerId,
          detail: { kind: failure.kind, message: failure.message.slice(0, 200) },
        })
        return written
      },
      { behavior: 'immediate' },
    )
  }

  /**
   * A revoke or delete that committed during the provider call wins over the refresh; the grant
   * the provider just issued is then handed back, so nothing live is left that nobody holds.
   */
  async function discardIfRevoked(claimed: TokenRow, issued: TokenSet) {
    const now = read(claimed.id)
    if (now && now.status !== 'revoked') return
    const target = revocationTarget(deps, claimed)
    try {
      if (target.kind === 'rfc7009') {
        const [value, hint] = issued.refreshToken
          ? [issued.refreshToken, 'refresh_token' as const]
          : [issued.accessToken, 'access_token' as const]
        await revokeRfc7009(deps.http, target.client, value, hint)
      } else if (target.kind === 'session') {
        await revokeSession(deps.http, target.providerUrl, issued.accessToken)
      }
    } catch {
      deps.logger.warn({ tokenId: claimed.id }, 'could not revoke a grant issued during a revoke')
    }
  }

  /** Nothing to exchange for: the answer for a token in a terminal or unrenewable state. */
  function terminal(row: TokenRow): RefreshOutcome | null {
    if (row.status === 'revoked' || !row.accessTokenEnc)
      return { kind: 'not_refreshable', row, reason: 'revoked' }
    if (row.status === 'needs_reauth')
      return {
        kind: 'needs_reauth',
        row,
        message: 'The provider no longer accepts this grant; reconnect it',
      }
    if (!isRefreshable(row)) return { kind: 'not_refreshable', row, reason: 'no_grant' }
    return null
  }

  async function run(
    start: TokenRow,
    target: number,
    req: RefreshRequest,
  ): Promise<RefreshOutcome> {
    let row = start
    for (;;) {
      const stop = terminal(row)
      if (stop) return stop
      if (row.generation !== target) return { kind: 'already_fresh', row }
      if (req.when === 'if_due' && !isDue(row, clock())) return { kind: 'already_fresh', row }
      const claimed = claim(row.id, target)
      if (!claimed) {
        // Another worker holds the lease or has moved the generation on: wait, then look again.
        const seen = read(row.id)
        if (!seen) return { kind: 'not_refreshable', row, reason: 'revoked' }
        if (seen.generation === target && seen.status === 'active')
          await sleep(50 + Math.random() * 100)
        row = read(row.id) ?? seen
        continue
      }
      fault('after_claim')
      let outcome: Exchange
      try {
        outcome = await exchange(claimed)
      } catch (err) {
        release(claimed)
        throw err
      }
      fault('after_provider')
      if ('circuit' in outcome) {
        release(claimed)
        return { kind: 'circuit_open', row: claimed, ...outcome.circuit }
      }
      if ('tokens' in outcome) {
        let fresh: TokenRow
        try {
          fresh = persist(claimed, outcome.tokens, req.actor)
        } catch (err) {
          await discardIfRevoked(claimed, outcome.tokens)
          throw err
        }
        fault('after_write')
        opts.onEvent?.({ type: 'refreshed', token: fresh, recovered: claimed.failCount > 0 })
        return { kind: 'refreshed', row: fresh }
      }
      const { failure } = outcome
      const after = recordFailure(claimed, failure, outcome.installationId, req.actor)
      const needsReauth = failure.kind === 'invalid_grant'
      opts.onEvent?.({ type: 'failed', token: after, failure, needsReauth })
      if (needsReauth) return { kind: 'needs_reauth', row: after, message: failure.message }
      return { kind: 'failed', row: after, failure }
    }
  }

  /**
   * One exchange per need. Callers arriving while this process already refreshes the token
   * share that promise; a caller that saw an older generation gets the current row instead.
   */
  function refresh(row: TokenRow, req: RefreshRequest): Promise<RefreshOutcome> {
    const since = typeof req.when === 'object' ? req.when.since : null
    if (since !== null && row.generation > since)
      return Promise.resolve({ kind: 'already_fresh', row })
    const pending = inflight.get(row.id)
    if (pending) return pending
    const job = run(row, since ?? row.generation, req).finally(() => inflight.delete(row.id))
    inflight.set(row.id, job)
    return job
  }

  return { holder, refresh, read }
}

export type RefreshEngine = ReturnType<typeof createRefreshEngine>
