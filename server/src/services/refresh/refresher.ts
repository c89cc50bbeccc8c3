import { and, asc, eq, gt, isNotNull, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import { dialectOf } from '../../db/client'
import { tokens, users } from '../../db/schema'
import { notifyStandalone } from '../alerts/notify'
import { createRevocationOutbox, type RevocationOutboxOptions } from '../revocation/outbox-worker'
import type { TokenRow } from '../tokens/token-view'
import { dbNowMs } from './db-now'
import { dueCondition, refreshableCondition } from './due'
import type { RefreshActor, RefreshEngine } from './refresh-engine'

export type RefresherOptions = {
  intervalMs?: number
  concurrency?: number
  /** Automatic attempts stop after a token has failed this long; manual refresh still works. */
  giveUpMs?: number
  jitterMs?: number
  batch?: number
  sleep?: (ms: number) => Promise<void>
  /** Provider revocations that failed for a retryable reason are retried on every tick. */
  revocation?: RevocationOutboxOptions
}

const DAY = 86_400_000
const REFRESHER: RefreshActor = { type: 'refresher' }

/**
 * The background refresher: each tick renews what is due, with bounded concurrency and jitter,
 * through the same single-flight engine as the button and the bot API. It keeps no state of its
 * own, so it resumes after a restart, and processes on one database split the due tokens between
 * them: each token is claimed by exactly one of them (a conditional lease update).
 */
export function createRefresher(deps: AppDeps, engine: RefreshEngine, opts: RefresherOptions = {}) {
  const { db, clock } = deps
  const concurrency = opts.concurrency ?? 4
  const giveUpMs = opts.giveUpMs ?? 3 * DAY
  // A little jitter spreads exchanges for tokens minted together (one provider, one burst).
  const jitterMs = opts.jitterMs ?? 200
  const sleep = opts.sleep ?? ((ms: number) => new Promise<void>((r) => setTimeout(r, ms)))
  const batch = opts.batch ?? 1000
  const revocations = createRevocationOutbox(deps, opts.revocation)
  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> | null = null
  let stopped = false

  /** Due by the injected clock; not leased by anyone, by the database's. */
  function dueTokens(now: number): Promise<TokenRow[]> {
    return db
      .select()
      .from(tokens)
      .where(
        and(
          eq(tokens.status, 'active'),
          refreshableCondition,
          isNotNull(tokens.accessTokenEnc),
          isNotNull(tokens.expiresAt),
          dueCondition(now),
          or(isNull(tokens.leaseUntil), lt(tokens.leaseUntil, dbNowMs())),
          or(isNull(tokens.nextAttemptAt), lte(tokens.nextAttemptAt, now)),
          or(isNull(tokens.failingSince), gt(tokens.failingSince, now - giveUpMs)),
        ),
      )
      .orderBy(asc(tokens.expiresAt))
      .limit(batch)
  }

  async function renewAll() {
    const due = await dueTokens(clock())
    // Replicas select the same due rows at about the same time. Each starts at its own random
    // place in the list, so they mostly claim different tokens instead of queueing on the same
    // row locks; the conditional claim still decides who renews each one.
    const start = Math.floor(Math.random() * due.length)
    const order = [...due.slice(start), ...due.slice(0, start)]
    let next = 0
    let renewed = 0
    let failed = 0
    const worker = async () => {
      // Stagger the workers' starts: at most `concurrency` exchanges are in flight anyway, so
      // a sleep before every token only idles the pool (5,000 tokens: 158 s instead of 39 s).
      if (jitterMs) await sleep(Math.random() * jitterMs)
      while (next < order.length) {
        const row = order[next++]
        if (!row) break
        try {
          // Another process may have picked the same row: whoever claims it renews it, the
          // others move on to the next one instead of waiting.
          const outcome = await engine.renewIfFree(row, REFRESHER)
          if (outcome?.kind === 'refreshed') renewed++
          else if (outcome && outcome.kind !== 'already_fresh') failed++
        } catch {
          failed++
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, due.length) }, worker))
    return { due: due.length, renewed, failed }
  }

  /** The largest of an owner's alert thresholds, in days, as SQL of the active dialect. */
  const maxAlertDays =
    dialectOf(db) === 'pg'
      ? sql`(select max(d::numeric) from jsonb_array_elements_text(${users.alertDays}) as d)`
      : sql`(select max(value) from json_each(${users.alertDays}))`

  /** Long-lived tokens cannot be renewed: warn at each owner's thresholds, once per threshold. */
  /** Long-lived tokens cannot be renewed: warn at each owner's thresholds, once per threshold. */
  async function expiryAlerts() {
    const now = clock()
    const rows = await db
      .select({ t: tokens, alertDays: users.alertDays })
      .from(tokens)
      .innerJoin(users, eq(users.id, tokens.ownerId))
      .where(
        and(
          eq(tokens.status, 'active'),
          sql`${tokens.kind} in ('personal', 'notification')`,
          gt(tokens.expiresAt, now),
          lte(tokens.expiresAt, sql`${now} + 1000 * 86400 * ${maxAlertDays}`),
        ),
      )
    let sent = 0
    for (const { t, alertDays } of rows) {
      const left = (t.expiresAt ?? 0) - now
      const crossed = [...alertDays].sort((a, b) => a - b).find((d) => left <= d * DAY)
      if (crossed === undefined) continue
      const title = `“${t.label}” expires in ${crossed === 1 ? 'a day' : `${crossed} days`} or less`
      // The dedupe key makes this once per threshold, whichever replica gets there first.
      const created = await notifyStandalone(
        db,
        {
          ownerId: t.ownerId,
          tokenId: t.id,
          type: 'expiring',
          dedupeKey: `${t.id}:expiring:${crossed}:${t.expiresAt}`,
          title,
          detail: { expiresAt: new Date(t.expiresAt ?? 0).toISOString(), days: crossed },
        },
        now,
      )
      if (created) sent++
    }
    return sent
  }

  async function retryRevocations() {
    try {
      return await revocations.processDue()
    } catch (err) {
      deps.logger.error({ err }, 'revocation outbox failed')
      return null
    }
  }

  async function tick() {
    // Side by side: a slow provider in the outbox must not hold back due refreshes.
    const [result, revoked] = await Promise.all([renewAll(), retryRevocations()])
    return { ...result, alerts: await expiryAlerts(), revocations: revoked }
  }

  return {
    tick,
    dueTokens,
    revocations,
    start(intervalMs = opts.intervalMs ?? 15_000) {
      stopped = false
      const loop = () => {
        running = tick()
          // A full batch that made progress means more are due: go on at once instead of
          // idling a whole interval per batch (5,000 due tokens took 4 idle intervals).
          .then((r) => (r.due >= batch && r.renewed > 0 ? 0 : intervalMs))
          .catch((err) => {
            deps.logger.error({ err }, 'refresher tick failed')
            return intervalMs
          })
          .then((delay) => {
            running = null
            if (stopped) return
            timer = setTimeout(loop, delay)
            timer.unref()
          })
      }
      timer = setTimeout(loop, Math.random() * Math.min(intervalMs, 2000))
      timer.unref()
    },
    async stop() {
      stopped = true
      if (timer) clearTimeout(timer)
      await running
    },
  }
}
