import { randomUUID } from 'node:crypto'
import { and, eq, inArray, isNull, lt, or, type SQL } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import { dialectOf, type Tx } from '../../db/client'
import { installations, tokens } from '../../db/schema'
import { ApiError, fail } from '../../lib/http-error'
import { type AuditActorType, recordAudit } from '../audit'
import { revokeSession } from '../hipchat/hipchat-session-api'
import { countRefresh, timeExchange } from '../metrics/metrics'
import { type ClientCredentials, clientFor, installationClient } from '../oauth/credentials'
import { clientCredentialsParams } from '../oauth/oauth-client'
import { revokeRfc7009 } from '../oauth/revocation'
import { requestToken, type TokenFailure, type TokenSet } from '../oauth/token-client'
import { type CircuitBreaker, originOf } from '../providers/circuit-breaker'
import { revocationTarget } from '../revocation/provider-revocation'
import { seal, unseal } from '../tokens/token-secrets'
import { isRefreshable, type TokenRow } from '../tokens/token-view'
import { dbNowMs, dbNowPlusMs } from './db-now'
import { isDue } from './due'
import { type FaultHook, noFaults } from './fault-points'
import { createRenewalStatements } from './renewal-statements'
import { createWriteBatcher } from './write-batch'

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
  /** Its last renewals failed and its next attempt is not due yet (`if_due` callers only). */
  | { kind: 'backing_off'; row: TokenRow; until: number }
  | { kind: 'needs_reauth'; row: TokenRow; message: string }
  | { kind: 'not_refreshable'; row: TokenRow; reason: 'revoked' | 'no_grant' }

export type RefreshEngineOptions = {
  leaseMs?: number
  maxTries?: number
  baseDelayMs?: number
  sleep?: (ms: number) => Promise<void>
  fault?: FaultHook
  breaker?: CircuitBreaker
  /** Awaited after the outcome is stored and before the caller is answered. */
  onEvent?: (event: RefreshEvent) => unknown
}

/** A due token `claimDue` leased to this engine, and when (`performance.now()`). */
export type ClaimedToken = { row: TokenRow; claimedAt: number }

export type RefreshEvent =
  | { type: 'refreshed'; token: TokenRow; recovered: boolean }
  | { type: 'failed'; token: TokenRow; failure: TokenFailure; needsReauth: boolean }

/** How long the refresher's renewals wait for others to share a commit (see write-batch). */
const SHARED_COMMIT_WAIT_MS = 20

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Scheduled retries after a failed refresh back off to at most 30 minutes. */
export const nextAttemptDelayMs = (failCount: number) =>
  Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, failCount - 1))

/**
 * Until when a token whose renewals failed waits before an `if_due` caller may try it again: its
 * scheduled next attempt while its value is still good. An expired one may be tried a first
 * backoff step (30 s) after its last failure, so bots get it back soon after the provider
 * recovers, but at no more than two exchanges a minute however often they call.
 */
export function backoffUntil(row: TokenRow, now: number): number | null {
  if (row.nextAttemptAt === null || row.nextAttemptAt <= now) return null
  if (row.expiresAt === null || row.expiresAt > now) return row.nextAttemptAt
  const lastFailure = row.nextAttemptAt - nextAttemptDelayMs(row.failCount)
  const soonest = lastFailure + nextAttemptDelayMs(1)
  return soonest > now ? soonest : null
}

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
  const renewing = new Map<string, Promise<RefreshOutcome | null>>()
  // Claims, renewals, failures and releases of concurrent refreshes share commits.
  const writes = createWriteBatcher(db)
  const statements = createRenewalStatements(db)

  const read = async (id: string): Promise<TokenRow | undefined> =>
    (await db.select().from(tokens).where(eq(tokens.id, id)).limit(1))[0]

  /**
   * Claims only the generation the caller decided on: a caller that saw an older generation
   * loses the claim and learns, from one re-read, that someone else already renewed it. The
   * lease is set and judged on the database's clock, so replicas agree on when it runs out.
   */
  const claim = (id: string, generation: number) =>
    writes.write(async (tx) => {
      const [row] = await tx
        .update(tokens)
        .set({ leaseOwner: holder, leaseUntil: dbNowPlusMs(leaseMs) })
        .where(
          and(
            eq(tokens.id, id),
            eq(tokens.generation, generation),
            eq(tokens.status, 'active'),
            or(isNull(tokens.leaseUntil), lt(tokens.leaseUntil, dbNowMs())),
          ),
        )
        .returning()
      return row
    })

  /** The row with the database's time, to tell whether its lease is still live. */
  const watch = async (id: string) =>
    (
      await db
        .select({ row: tokens, now: dbNowMs() })
        .from(tokens)
        .where(eq(tokens.id, id))
        .limit(1)
    )[0]

  const leaseLive = (seen: { row: TokenRow; now: number }, generation: number) =>
    seen.row.generation === generation &&
    seen.row.status === 'active' &&
    seen.row.leaseUntil !== null &&
    seen.row.leaseUntil >= seen.now

  const fenced = (row: TokenRow) =>
    and(eq(tokens.id, row.id), eq(tokens.leaseOwner, holder), eq(tokens.generation, row.generation))

  const release = (row: TokenRow) =>
    writes.write(async (tx) => {
      await tx.update(tokens).set({ leaseOwner: null, leaseUntil: null }).where(fenced(row))
    })

  type Exchange =
    | { tokens: TokenSet; installationId: string | null }
    | { failure: TokenFailure; installationId: string | null }
    | { circuit: { origin: string; until: number } }

  /**
   * Installation clients by everything they are made of: the row is read for every exchange (a
   * removed installation or a new secret counts at once), only the AES-GCM set-up of decrypting
   * the same sealed secret again is saved.
   */
  const clients = new Map<string, ClientCredentials>()

  /** `clientFor`, with the installation (every add-on token's client) read by a prepared statement. */
  async function clientOf(row: TokenRow): Promise<ClientCredentials> {
    if (!row.installationId) return clientFor(deps, row)
    const [inst] = await statements.reads.installation.execute({ id: row.installationId })
    if (!inst || inst.status === 'removed' || !inst.oauthSecretEnc)
      return fail(409, 'conflict', 'The installation behind this token was removed')
    const key = `${inst.id}\n${inst.ownerId}\n${inst.tokenUrl}\n${inst.oauthId}\n${inst.oauthSecretEnc}`
    let client = clients.get(key)
    if (!client) {
      client = installationClient(keyring, { ...inst, oauthSecretEnc: inst.oauthSecretEnc })
      if (clients.size >= 1000) clients.clear()
      clients.set(key, client)
    }
    return client
  }

  async function exchange(row: TokenRow): Promise<Exchange> {
    const client = await clientOf(row)
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
    const admitted = (await breaker?.admit(origin)) ?? { ok: true as const, probe: false }
    if (!admitted.ok) return { circuit: { origin, until: admitted.until } }
    const tries = admitted.probe ? 1 : maxTries
    let last: TokenFailure | null = null
    for (let attempt = 0; attempt < tries; attempt++) {
      const result = await timeExchange(deps.metrics, origin, () =>
        requestToken(deps.http, { ...client, params }),
      )
      if (result.ok) {
        await breaker?.success(origin)
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
      await breaker?.failure(origin, failure.message)
    else await breaker?.success(origin)
    return { failure, installationId }
  }

  /**
   * Writes the new tokens fenced by lease and generation, and commits before anyone is answered.
   * Seals against the row as it is inside the write transaction: an owner change (which is
   * bound into the ciphertext's AAD) that committed during the provider call is honoured
   * instead of leaving an undecryptable row.
   */
  async function persist(
    claimed: TokenRow,
    t: TokenSet,
    actor: RefreshActor,
    waitMs = 0,
  ): Promise<TokenRow> {
    const now = clock()
    const written = await writes.write((tx) => persistIn(tx, claimed, t, actor, now), waitMs)
    if (!written) throw new ApiError(409, 'conflict', 'Another worker took over this refresh')
    return written
  }

  /** The renewal's write; null when the lease or the generation moved on (nothing written). */
  async function persistIn(
    tx: Tx,
    claimed: TokenRow,
    t: TokenSet,
    actor: RefreshActor,
    now: number,
  ): Promise<TokenRow | null> {
    const q = statements.in(tx)
    const fence = { id: claimed.id, holder, generation: claimed.generation }
    const [current] = await q.fencedRow.execute(fence)
    if (!current) return null
    const refreshTokenEnc = t.refreshToken
      ? seal(keyring, current, 'refresh_token', t.refreshToken)
      : current.refreshTokenEnc
    const [written] = await q.renew.execute({
      ...fence,
      accessTokenEnc: seal(keyring, current, 'access_token', t.accessToken),
      // RFC 6749 §6: no new refresh token means the old one stays valid.
      refreshTokenEnc,
      expiresAt: t.expiresIn === null ? null : now + t.expiresIn * 1000,
      scopes: t.scope ?? current.scopes,
      nextGeneration: current.generation + 1,
      now,
    })
    if (!written) return null
    const who = auditActor(actor)
    await q.audit.execute({
      at: now,
      actorId: who.actorId,
      actorType: who.actorType,
      action: 'token.refreshed',
      targetId: claimed.id,
      ownerId: current.ownerId,
      detail: JSON.stringify({
        generation: current.generation + 1,
        afterFailures: current.failCount,
      }),
    })
    return written
  }

  function recordFailure(
    claimed: TokenRow,
    failure: TokenFailure,
    installationId: string | null,
    actor: RefreshActor,
  ): Promise<TokenRow> {
    const now = clock()
    const needsReauth = endsGrant(claimed, failure)
    const failCount = claimed.failCount + 1
    return writes.write(async (tx) => {
      const [updated] = await tx
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
      const written = updated ?? claimed
      if (failure.kind === 'invalid_client' && installationId) {
        await tx
          .update(installations)
          .set({ status: 'broken', lastError: failure.message.slice(0, 500), updatedAt: now })
          .where(eq(installations.id, installationId))
      }
      await recordAudit(tx, {
        at: now,
        ...auditActor(actor),
        action: needsReauth ? 'token.needs_reauth' : 'token.refresh_failed',
        targetType: 'token',
        targetId: claimed.id,
        ownerId: written.ownerId,
        detail: { kind: failure.kind, message: failure.message.slice(0, 200) },
      })
      return written
    })
  }

  /**
   * A revoke or delete that committed during the provider call wins over the refresh; the grant
   * the provider just issued is then handed back, so nothing live is left that nobody holds.
   */
  async function discardIfRevoked(
    claimed: TokenRow,
    issued: TokenSet,
  ): Promise<'revoked' | 'deleted' | null> {
    const now = await read(claimed.id)
    if (now && now.status !== 'revoked') return null
    try {
      const target = await revocationTarget(deps, claimed)
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
    return now ? 'revoked' : 'deleted'
  }

  /**
   * Whether a failure means the grant is over and only its owner can renew it (reconnecting).
   * A refresh token the provider refuses is; an add-on token is not: it is minted again from
   * the installation's credentials, which an `invalid_grant` does not put in question (a refused
   * client is `invalid_client`, which marks the installation broken). It is retried with backoff
   * like any failed attempt, and bots keep getting its value while that is valid.
   */
  function endsGrant(row: TokenRow, failure: TokenFailure) {
    return failure.kind === 'invalid_grant' && row.grant !== 'client_credentials'
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

  /**
   * `wait`: a caller who needs the answer (a person, a bot) waits for another worker's refresh
   * of the token; the refresher does not (`null`), it has other due tokens to get on with.
   */
  async function run(
    start: TokenRow,
    target: number,
    req: RefreshRequest,
    wait: boolean,
  ): Promise<RefreshOutcome | null> {
    let row = start
    for (;;) {
      const stop = terminal(row)
      if (stop) return stop
      if (row.generation !== target) return { kind: 'already_fresh', row }
      if (req.when === 'if_due' && !isDue(row, clock())) return { kind: 'already_fresh', row }
      // A bot calling every second must not make an exchange each while the provider refuses.
      const waitFor = req.when === 'if_due' ? backoffUntil(row, clock()) : null
      if (waitFor !== null) return { kind: 'backing_off', row, until: waitFor }
      const claimed = await claim(row.id, target)
      // A failure recorded by another worker since `row` was read counts too.
      const claimedWait = claimed && req.when === 'if_due' ? backoffUntil(claimed, clock()) : null
      if (claimed && claimedWait !== null) {
        await releaseQuietly(claimed)
        return { kind: 'backing_off', row: claimed, until: claimedWait }
      }
      if (!claimed) {
        if (!wait) return null
        // Another worker holds the lease or has moved the generation on. Watch the row with
        // reads (no write per look) while its lease is live, then look again from the top.
        let seen = await watch(row.id)
        while (seen && leaseLive(seen, target)) {
          await sleep(50 + Math.random() * 100)
          seen = await watch(row.id)
        }
        if (!seen) return { kind: 'not_refreshable', row, reason: 'revoked' }
        row = seen.row
        continue
      }
      return renewClaimed(claimed, req)
    }
  }

  /**
   * Exchange and store for a row this engine holds the lease of. `onExchanged` is told when the
   * provider call is over: the refresher starts its next exchange then, while this one's write
   * waits for its commit (nobody is answered before that commit).
   */
  async function renewClaimed(
    claimed: TokenRow,
    req: RefreshRequest,
    onExchanged?: () => void,
  ): Promise<RefreshOutcome> {
    fault('after_claim')
    let outcome: Exchange
    try {
      outcome = await exchange(claimed)
    } catch (err) {
      onExchanged?.()
      await releaseQuietly(claimed)
      throw err
    }
    onExchanged?.()
    fault('after_provider')
    if ('circuit' in outcome) {
      await releaseQuietly(claimed)
      return { kind: 'circuit_open', row: claimed, ...outcome.circuit }
    }
    if ('tokens' in outcome) {
      let fresh: TokenRow
      try {
        // The refresher answers no one: its renewal may wait a moment to share a commit, unless
        // it carries a new refresh token, which is written at once.
        const waitMs = onExchanged && !outcome.tokens.refreshToken ? SHARED_COMMIT_WAIT_MS : 0
        fresh = await persist(claimed, outcome.tokens, req.actor, waitMs)
      } catch (err) {
        // Lost to a revoke or a delete, not to another worker: say so.
        const gone = await discardIfRevoked(claimed, outcome.tokens)
        if (gone === 'revoked') throw new ApiError(409, 'conflict', 'This token was revoked')
        if (gone === 'deleted') throw new ApiError(404, 'not_found', 'Token not found')
        throw err
      }
      fault('after_write')
      await report({ type: 'refreshed', token: fresh, recovered: claimed.failCount > 0 })
      return { kind: 'refreshed', row: fresh }
    }
    const { failure } = outcome
    const after = await recordFailure(claimed, failure, outcome.installationId, req.actor)
    const needsReauth = endsGrant(claimed, failure)
    await report({ type: 'failed', token: after, failure, needsReauth })
    if (needsReauth) return { kind: 'needs_reauth', row: after, message: failure.message }
    return { kind: 'failed', row: after, failure }
  }

  /** The outcome is stored by now: an alert that could not be written must not turn it into an error. */
  async function report(event: RefreshEvent) {
    try {
      await opts.onEvent?.(event)
    } catch (err) {
      deps.logger.error({ err, tokenId: event.token.id }, 'could not record a refresh alert')
    }
  }

  /** A release that fails leaves the lease to run out; the caller's own error matters more. */
  async function releaseQuietly(row: TokenRow) {
    try {
      await release(row)
    } catch (err) {
      deps.logger.warn({ err, tokenId: row.id }, 'could not release a refresh lease')
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
    // The refresher is on it: share its outcome, or go the usual way if it lost the claim.
    const background = renewing.get(row.id)
    if (background) return background.then((outcome) => outcome ?? refresh(row, req))
    const attempt = run(row, since ?? row.generation, req, true) as Promise<RefreshOutcome>
    const job = countRefresh(deps.metrics, row, attempt).finally(() => inflight.delete(row.id))
    inflight.set(row.id, job)
    return job
  }

  /**
   * The background refresher's entry: renews a due token unless another worker (in this process
   * or another replica) holds it, and then answers `null` at once instead of waiting for that
   * worker, so replicas that picked the same due tokens split them between them.
   */
  function renewIfFree(row: TokenRow, actor: RefreshActor): Promise<RefreshOutcome | null> {
    if (inflight.has(row.id) || renewing.has(row.id)) return Promise.resolve(null)
    const attempt = run(row, row.generation, { actor, when: 'if_due' }, false)
    const job = countRefresh(deps.metrics, row, attempt).finally(() => renewing.delete(row.id))
    renewing.set(row.id, job)
    return job
  }

  /** Due rows the refresher claimed and has not started yet: their callers wait on these. */
  const queued = new Map<
    string,
    { resolve(o: RefreshOutcome | null): void; reject(e: unknown): void }
  >()

  /**
   * The refresher's claim: of the `candidates` (token ids), those `due` still selects and nobody holds, leased to this
   * engine in one write (a claim per token was a commit per token). Each claimed row counts as
   * renewed by this process from now on, so a caller who needs it shares that renewal; the
   * refresher must pass every one to `startClaimed` or `dropClaimed`.
   */
  async function claimDue(candidates: string[], due: SQL): Promise<ClaimedToken[]> {
    const ids = candidates.filter((id) => !inflight.has(id) && !renewing.has(id))
    if (ids.length === 0) return []
    const claimed = await writes.write(async (tx) => {
      const free = and(
        inArray(tokens.id, ids),
        eq(tokens.status, 'active'),
        or(isNull(tokens.leaseUntil), lt(tokens.leaseUntil, dbNowMs())),
        due,
      )
      // Replicas claiming at the same time skip each other's rows instead of waiting on them.
      const target =
        dialectOf(db) === 'pg'
          ? inArray(
              tokens.id,
              tx
                .select({ id: tokens.id })
                .from(tokens)
                .where(free)
                .for('update', { skipLocked: true }),
            )
          : free
      return tx
        .update(tokens)
        .set({ leaseOwner: holder, leaseUntil: dbNowPlusMs(leaseMs) })
        .where(target)
        .returning()
    })
    const at = performance.now()
    return claimed.map((row) => {
      const done = new Promise<RefreshOutcome | null>((resolve, reject) => {
        queued.set(row.id, { resolve, reject })
      }).finally(() => renewing.delete(row.id))
      // Its outcome reaches whoever waits on it; a failure is the refresher's to count, and
      // must not become an unhandled rejection when nobody else asked for this token.
      done.catch(() => {})
      renewing.set(row.id, done)
      return { row, claimedAt: at }
    })
  }

  /** Renews a token `claimDue` returned. `onExchanged`: see `renewClaimed`. */
  function startClaimed(
    c: ClaimedToken,
    actor: RefreshActor,
    onExchanged?: () => void,
  ): Promise<RefreshOutcome | null> {
    const waiter = queued.get(c.row.id)
    queued.delete(c.row.id)
    const job = countRefresh(
      deps.metrics,
      c.row,
      renewClaimed(c.row, { actor, when: 'if_due' }, onExchanged),
    )
    job.then(
      (o) => waiter?.resolve(o),
      (err) => waiter?.reject(err),
    )
    return job
  }

  /** Gives a claimed token back unrenewed (the refresher held it too long to start it safely). */
  async function dropClaimed(c: ClaimedToken) {
    const waiter = queued.get(c.row.id)
    queued.delete(c.row.id)
    await releaseQuietly(c.row)
    waiter?.resolve(null)
  }

  /** Resolves once no refresh this engine started is still running (for a graceful shutdown). */
  async function settle() {
    while (inflight.size > 0 || renewing.size > 0)
      await Promise.allSettled([...inflight.values(), ...renewing.values()])
  }

  return {
    holder,
    leaseMs,
    refresh,
    renewIfFree,
    claimDue,
    startClaimed,
    dropClaimed,
    read,
    settle,
  }
}

export type RefreshEngine = ReturnType<typeof createRefreshEngine>
