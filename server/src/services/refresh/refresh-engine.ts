import { randomUUID } from 'node:crypto'
import { and, eq, isNull, lt, or, sql } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import { installations, tokens } from '../../db/schema'
import { ApiError, fail, notFound } from '../../lib/http-error'
import { recordAudit } from '../audit'
import { clientFor } from '../oauth/credentials'
import { requestToken, type TokenFailure, type TokenSet } from '../oauth/token-client'
import { seal, unseal } from '../tokens/token-secrets'
import { isRefreshable, type TokenRow } from '../tokens/token-view'
import { type FaultHook, noFaults } from './fault-points'

export type RefreshOptions = {
  /** Skip the exchange when the token stays valid this long (bots, the background refresher). */
  ifExpiresWithinMs?: number
  actorId?: string | null
  reason?: 'manual' | 'auto' | 'bot'
}

export type RefreshEngineOptions = {
  leaseMs?: number
  maxTries?: number
  baseDelayMs?: number
  sleep?: (ms: number) => Promise<void>
  fault?: FaultHook
  onEvent?: (event: RefreshEvent) => void
}

export type RefreshEvent =
  | { type: 'refreshed'; token: TokenRow; recovered: boolean }
  | { type: 'failed'; token: TokenRow; failure: TokenFailure; needsReauth: boolean }

export type RefreshResult = { row: TokenRow; exchanged: boolean }

const realSleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms))

/** Scheduled retries after a failed refresh back off to at most 30 minutes. */
export const nextAttemptDelayMs = (failCount: number) =>
  Math.min(30 * 60_000, 30_000 * 2 ** Math.max(0, failCount - 1))

/**
 * Refreshes a token at most once at a time: one promise per token inside the process, and a
 * lease with generation fencing across processes (security.md §3).
 */
export function createRefreshEngine(deps: AppDeps, opts: RefreshEngineOptions = {}) {
  const { db, clock, keyring } = deps
  const holder = `${process.pid}:${randomUUID()}`
  const leaseMs = opts.leaseMs ?? 60_000
  const maxTries = opts.maxTries ?? 3
  const baseDelayMs = opts.baseDelayMs ?? 500
  const sleep = opts.sleep ?? realSleep
  const fault = opts.fault ?? noFaults
  const inflight = new Map<string, Promise<RefreshResult>>()

  // Built and prepared once: a refresh reads its row four times and claims it once, and
  // rebuilding that SQL per call was a large share of the refresher's CPU (bench #4).
  const readById = db
    .select()
    .from(tokens)
    .where(eq(tokens.id, sql.placeholder('id')))
    .prepare()
  const read = (id: string) => readById.get({ id })

  const claimStmt = db
    .update(tokens)
    .set({ leaseOwner: holder, leaseUntil: sql`${sql.placeholder('leaseUntil')}` })
    .where(
      and(
        eq(tokens.id, sql.placeholder('id')),
        eq(tokens.generation, sql.placeholder('generation')),
        or(isNull(tokens.leaseUntil), lt(tokens.leaseUntil, sql.placeholder('now'))),
      ),
    )
    .prepare()

  function claim(row: TokenRow) {
    const now = clock()
    const res = claimStmt.run({
      id: row.id,
      generation: row.generation,
      leaseUntil: now + leaseMs,
      now,
    })
    return res.changes === 1
  }

  const fenced = (row: TokenRow) =>
    and(eq(tokens.id, row.id), eq(tokens.leaseOwner, holder), eq(tokens.generation, row.generation))

  function isDue(row: TokenRow, o: RefreshOptions) {
    if (o.ifExpiresWithinMs === undefined) return true
    return row.expiresAt === null || row.expiresAt - clock() <= o.ifExpiresWithinMs
  }

  async function exchange(row: TokenRow) {
    const client = clientFor(deps, row)
    const refreshToken = row.refreshTokenEnc
      ? unseal(keyring, row, 'refresh_token', row.refreshTokenEnc)
      : null
    // A person's token without a refresh token cannot be renewed by minting a client token.
    if (!refreshToken && row.grant !== 'client_credentials') {
      const failure: TokenFailure = {
        kind: 'invalid_grant',
        message: 'no refresh token was issued; reconnect',
      }
      return { failure, client }
    }
    const params: Record<string, string> = refreshToken
      ? { grant_type: 'refresh_token', refresh_token: refreshToken }
      : {
          grant_type: 'client_credentials',
          ...(row.scopes.length ? { scope: row.scopes.join(' ') } : {}),
        }
    let last: TokenFailure | null = null
    for (let attempt = 0; attempt < maxTries; attempt++) {
      const result = await requestToken(deps.http, { ...client, params })
      if (result.ok) return { tokens: result.tokens, client }
      last = result.failure
      if (last.kind !== 'retryable') break
      // A timed-out rotating refresh may have rotated already: one more try at most (K3).
      if (refreshToken && last.timeout && attempt >= 1) break
      if (attempt + 1 < maxTries) {
        const jitter = Math.random() * baseDelayMs * 2 ** attempt
        await sleep(Math.min(leaseMs / 2, last.retryAfterMs ?? jitter))
      }
    }
    return { failure: last as TokenFailure, client }
  }

  function persist(row: TokenRow, t: TokenSet) {
    const now = clock()
    const values = {
      accessTokenEnc: seal(keyring, row, 'access_token', t.accessToken),
      // RFC 6749 §6: no new refresh token means the old one stays valid.
      refreshTokenEnc: t.refreshToken
        ? seal(keyring, row, 'refresh_token', t.refreshToken)
        : row.refreshTokenEnc,
      expiresAt: t.expiresIn === null ? null : now + t.expiresIn * 1000,
      scopes: t.scope ?? row.scopes,
      generation: sql`${tokens.generation} + 1`,
      leaseOwner: null,
      leaseUntil: null,
      status: 'active' as const,
      failCount: 0,
      lastError: null,
      nextAttemptAt: null,
      failingSince: null,
      lastRefreshedAt: now,
      updatedAt: now,
    }
    db.transaction((tx) => {
      const res = tx.update(tokens).set(values).where(fenced(row)).run()
      if (res.changes !== 1)
        throw new ApiError(409, 'conflict', 'Another worker took over this refresh')
      recordAudit(tx, {
        at: now,
        actorId: null,
        action: 'token.refreshed',
        targetType: 'token',
        targetId: row.id,
        ownerId: row.ownerId,
        detail: { generation: row.generation + 1, afterFailures: row.failCount },
      })
    })
  }

  function recordFailure(row: TokenRow, failure: TokenFailure, installationId: string | null) {
    const now = clock()
    const needsReauth = failure.kind === 'invalid_grant'
    const failCount = row.failCount + 1
    db.transaction((tx) => {
      tx.update(tokens)
        .set({
          leaseOwner: null,
          leaseUntil: null,
          failCount,
          lastError: failure.message.slice(0, 500),
          nextAttemptAt: needsReauth ? null : now + nextAttemptDelayMs(failCount),
          failingSince: row.failingSince ?? now,
          updatedAt: now,
          ...(needsReauth ? { status: 'needs_reauth' as const } : {}),
        })
        .where(fenced(row))
        .run()
      if (failure.kind === 'invalid_client' && installationId) {
        tx.update(installations)
          .set({ status: 'broken', lastError: failure.message.slice(0, 500), updatedAt: now })
          .where(eq(installations.id, installationId))
          .run()
      }
      recordAudit(tx, {
        at: now,
        actorId: null,
        action: needsReauth ? 'token.needs_reauth' : 'token.refresh_failed',
        targetType: 'token',
        targetId: row.id,
        ownerId: row.ownerId,
        detail: { kind: failure.kind, message: failure.message.slice(0, 200) },
      })
    })
    return needsReauth
  }

  async function run(
    id: string,
    startGeneration: number,
    o: RefreshOptions,
  ): Promise<RefreshResult> {
    for (;;) {
      const row = read(id) ?? notFound('Token')
      if (row.status === 'revoked') fail(409, 'conflict', 'This token was revoked')
      if (row.status === 'needs_reauth')
        fail(409, 'reauth_required', 'The provider no longer accepts this grant; reconnect it')
      if (!isRefreshable(row))
        fail(409, 'conflict', 'This token cannot be refreshed; paste a new one')
      if (row.generation !== startGeneration || !isDue(row, o)) return { row, exchanged: false }
      if (!claim(row)) {
        await sleep(50 + Math.random() * 100)
        continue
      }
      fault('after_claim')
      const claimed = read(id) ?? notFound('Token')
      let outcome: Awaited<ReturnType<typeof exchange>>
      try {
        outcome = await exchange(claimed)
      } catch (err) {
        db.update(tokens).set({ leaseOwner: null, leaseUntil: null }).where(fenced(claimed)).run()
        throw err
      }
      fault('after_provider')
      if ('tokens' in outcome && outcome.tokens) {
        persist(claimed, outcome.tokens)
        fault('after_write')
        const fresh = read(id) ?? notFound('Token')
        opts.onEvent?.({ type: 'refreshed', token: fresh, recovered: claimed.failCount > 0 })
        return { row: fresh, exchanged: true }
      }
      const failure = outcome.failure
      const needsReauth = recordFailure(claimed, failure, outcome.client.installationId)
      opts.onEvent?.({ type: 'failed', token: claimed, failure, needsReauth })
      if (needsReauth)
        fail(409, 'reauth_required', `The provider refused the refresh: ${failure.message}`)
      fail(502, 'provider_error', `The provider did not renew the token: ${failure.message}`)
    }
  }

  function refreshDetailed(id: string, o: RefreshOptions = {}): Promise<RefreshResult> {
    const pending = inflight.get(id)
    if (pending) return pending
    const row = read(id) ?? notFound('Token')
    const job = run(id, row.generation, o).finally(() => inflight.delete(id))
    inflight.set(id, job)
    return job
  }

  return {
    holder,
    /** Like `refresh`, and says whether this process made the exchange. */
    refreshDetailed,
    async refresh(id: string, o: RefreshOptions = {}): Promise<TokenRow> {
      return (await refreshDetailed(id, o)).row
    },
  }
}

export type RefreshEngine = ReturnType<typeof createRefreshEngine>
