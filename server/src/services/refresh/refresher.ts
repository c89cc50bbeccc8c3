import { and, asc, eq, gt, isNotNull, isNull, lt, lte, or, type SQL, sql } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import { dialectOf } from '../../db/client'
import { tokens, users } from '../../db/schema'
import { notifyStandalone } from '../alerts/notify'
import { createRevocationOutbox, type RevocationOutboxOptions } from '../revocation/outbox-worker'
import type { TokenRow } from '../tokens/token-view'
import { dbNowMs } from './db-now'
import { dueCondition, refreshableCondition } from './due'
import type { ClaimedToken, RefreshActor, RefreshEngine, RefreshOutcome } from './refresh-engine'

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

  /** What makes a token due now by the injected clock, besides being free of any lease. */
  const dueNow = (now: number) =>
    and(
      eq(tokens.status, 'active'),
      refreshableCondition,
      isNotNull(tokens.accessTokenEnc),
      isNotNull(tokens.expiresAt),
      dueCondition(now),
      or(isNull(tokens.nextAttemptAt), lte(tokens.nextAttemptAt, now)),
      or(isNull(tokens.failingSince), gt(tokens.failingSince, now - giveUpMs)),
    ) as SQL

  /** Due by the injected clock; not leased by anyone, by the database's. */
  function dueTokens(now: number): Promise<TokenRow[]> {
    return db
      .select()
      .from(tokens)
      .where(and(dueNow(now), or(isNull(tokens.leaseUntil), lt(tokens.leaseUntil, dbNowMs()))))
      .orderBy(asc(tokens.expiresAt))
      .limit(batch)
  }

  /**
   * Keeps `concurrency` exchanges in flight for as long as tokens are due: a worker takes the
   * next claimed token as soon as its provider call is over, while that renewal's write waits
   * for its commit, and claims are made a handful of tokens at a time, in one write each.
   */
  async function renewAll() {
    let order: string[] = []
    let next = 0
    let total = 0
    let full = false
    /** Every token a list of this tick had: one given back or left due comes in the next tick. */
    const seen = new Set<string>()
    let condition = dueNow(clock())
    /**
     * The next due tokens, as ids (the claim reads each row as it leases it). A full list means
     * more may be due: the workers go on with the next list instead of draining the pool and
     * waiting for the next tick. The tokens this process is renewing hold leases, so no list
     * has them again.
     */
    const fetchDue = async () => {
      const now = clock()
      condition = dueNow(now)
      const ids = (
        await db
          .select({ id: tokens.id })
          .from(tokens)
          .where(and(condition, or(isNull(tokens.leaseUntil), lt(tokens.leaseUntil, dbNowMs()))))
          .orderBy(asc(tokens.expiresAt))
          .limit(batch)
      ).map((r) => r.id)
      full = ids.length >= batch
      const fresh = ids.filter((id) => !seen.has(id))
      for (const id of fresh) seen.add(id)
      // Replicas select the same due rows at about the same time. Each starts at its own random
      // place in the list, so they mostly claim different tokens instead of queueing on the same
      // row locks; the conditional claim still decides who renews each one.
      const start = Math.floor(Math.random() * fresh.length)
      order = [...fresh.slice(start), ...fresh.slice(0, start)]
      next = 0
      total += fresh.length
      // Nothing new in a full list (all of it failed over to the next tick, say): stop here.
      if (fresh.length === 0) full = false
    }
    let renewed = 0
    let failed = 0
    await fetchDue()
    const workers = Math.min(concurrency, order.length)
    // Claims of a few at a time: a commit each, a short wait for the tokens at the back.
    const chunk = Math.max(8, concurrency)
    const ready: ClaimedToken[] = []
    let claiming: Promise<void> | null = null
    const writing = new Set<Promise<void>>()
    const more = () => next < order.length || full

    const claimMore = () => {
      claiming ??= (async () => {
        try {
          if (next >= order.length && full) await fetchDue()
          const slice = order.slice(next, next + chunk)
          next += slice.length
          try {
            ready.push(...(await engine.claimDue(slice, condition)))
          } catch (err) {
            deps.logger.error({ err }, 'refresher could not claim due tokens')
            failed += slice.length
          }
        } catch (err) {
          deps.logger.error({ err }, 'refresher could not select due tokens')
          full = false
        }
      })().finally(() => {
        claiming = null
      })
      return claiming
    }

    /** The next claimed token, claiming more when few are left; null when none are. */
    const take = async (): Promise<ClaimedToken | null> => {
      for (;;) {
        // Stopping: what is in flight finishes, nothing new starts, the claimed go back.
        if (stopped) {
          for (const c of ready.splice(0)) await engine.dropClaimed(c)
          if (claiming) await claiming
          if (ready.length) continue
          return null
        }
        const c = ready.shift()
        if (c) {
          if (ready.length < chunk / 2 && more()) void claimMore()
          return c
        }
        if (!more() && !claiming) return null
        await claimMore()
      }
    }

    const count = (outcome: RefreshOutcome | null) => {
      if (outcome?.kind === 'refreshed') renewed++
      else if (outcome && outcome.kind !== 'already_fresh' && outcome.kind !== 'backing_off')
        failed++
    }

    const worker = async () => {
      // Stagger the workers' starts: at most `concurrency` exchanges are in flight anyway, so
      // a sleep before every token only idles the pool (5,000 tokens: 158 s instead of 39 s).
      if (jitterMs) await sleep(Math.random() * jitterMs)
      for (let c = await take(); c; c = await take()) {
        // A token that waited long for a worker gives its lease back rather than risk it
        // running out during the exchange; the next tick picks it up again.
        if (performance.now() - c.claimedAt > engine.leaseMs / 4) {
          await engine.dropClaimed(c)
          continue
        }
        const claimed = c
        await new Promise<void>((exchanged) => {
          const job: Promise<void> = engine
            .startClaimed(claimed, REFRESHER, exchanged)
            .then(count, () => {
              failed++
            })
            .finally(() => {
              writing.delete(job)
              exchanged()
            })
          writing.add(job)
        })
        // Renewals waiting for their commit are bounded too.
        while (writing.size > concurrency * 4) await Promise.race(writing)
      }
    }
    await Promise.all(Array.from({ length: workers }, worker))
    await Promise.all(writing)
    return { due: total, renewed, failed }
  }

  /** The largest of an owner's alert thresholds, in days, as SQL of the active dialect. */
  const maxAlertDays =
    dialectOf(db) === 'pg'
      ? sql`(select max(d::numeric) from jsonb_array_elements_text(${users.alertDays}) as d)`
      : sql`(select max(value) from json_each(${users.alertDays}))`

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
