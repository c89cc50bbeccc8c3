import { and, eq, inArray, isNull, lt, lte, or, sql } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import { dialectOf } from '../../db/client'
import { rawRows } from '../../db/raw'
import { notifications, webhookDeliveries, webhooks } from '../../db/schema'
import { transaction } from '../../db/transaction'
import type { Resolver } from '../../lib/outbound/guarded-fetch'
import { postWebhook, WEBHOOK_TIMEOUTS } from './webhook-post'

export const MAX_ATTEMPTS = 6

const backoffMs = (attempts: number) => Math.min(60 * 60_000, 10_000 * 2 ** (attempts - 1))

export type WebhookSenderOptions = {
  resolver?: Resolver
  /** One delivery from connect to answer (default 5 s). */
  timeoutMs?: number
  /** Connecting alone (default 2.5 s): a black-holed receiver fails fast. */
  connectTimeoutMs?: number
  /** Deliveries in flight at once to one webhook, to one owner, and in all (default 2, 4, 32). */
  perWebhook?: number
  perOwner?: number
  maxInFlight?: number
}

type Candidate = { id: number; webhookId: string; ownerId: string }
type Loaded = {
  d: typeof webhookDeliveries.$inferSelect
  hook: typeof webhooks.$inferSelect
  n: typeof notifications.$inferSelect
}

/**
 * Sends due webhook deliveries concurrently, retrying with backoff. Each delivery is leased so
 * only one process sends it; caps per webhook and per owner mean receivers that never answer
 * hold only their owner's slots, and a tick never waits for a receiver.
 */
export function createWebhookSender(deps: AppDeps, opts: WebhookSenderOptions = {}) {
  const { db, clock } = deps
  const timeoutMs = opts.timeoutMs ?? WEBHOOK_TIMEOUTS.timeoutMs
  const connectTimeoutMs = Math.min(
    opts.connectTimeoutMs ?? WEBHOOK_TIMEOUTS.connectTimeoutMs,
    timeoutMs,
  )
  const perWebhook = opts.perWebhook ?? 2
  const perOwner = opts.perOwner ?? 4
  const maxInFlight = opts.maxInFlight ?? 32
  // Far longer than one attempt can take, so a live lease is never taken over.
  const leaseMs = Math.max(30_000, timeoutMs * 3)

  const inflight = new Set<Promise<boolean>>()
  const hookLoad = new Map<string, number>()
  const ownerLoad = new Map<string, number>()
  const bump = (m: Map<string, number>, k: string, by: number) => {
    const n = (m.get(k) ?? 0) + by
    if (n > 0) m.set(k, n)
    else m.delete(k)
  }

  /** Now by the database's clock: every process judges leases by the same clock. */
  const dbNow =
    dialectOf(db) === 'pg'
      ? sql`(extract(epoch from clock_timestamp()) * 1000)::bigint`
      : sql`cast(unixepoch('subsec') * 1000 as integer)`

  /**
   * Due deliveries, at most `perWebhook` per webhook and `perOwner` per owner, owners taking
   * turns: one owner's backlog cannot push another owner's alert out of the batch.
   */
  function candidates(now: number, limit: number): Promise<Candidate[]> {
    return rawRows<Candidate>(
      db,
      sql`
      with due as (
        select d.id, d.webhook_id, w.owner_id,
          row_number() over (partition by d.webhook_id order by d.id) as nth_of_hook
        from ${webhookDeliveries} d join ${webhooks} w on w.id = d.webhook_id
        where d.status = 'pending' and d.next_attempt_at <= ${now}
          and (d.lease_until is null or d.lease_until < ${dbNow})
      ), capped as (
        select id, webhook_id, owner_id,
          row_number() over (partition by owner_id order by nth_of_hook, id) as nth_of_owner
        from due where nth_of_hook <= ${perWebhook}
      )
      select id, webhook_id as "webhookId", owner_id as "ownerId" from capped
      where nth_of_owner <= ${perOwner}
      order by nth_of_owner, id
      limit ${limit}`,
    )
  }

  /**
   * Takes the leases of `ids` in one conditional update, and returns those it took: a delivery
   * another process holds (its lease not yet past by the database's clock) or has finished is
   * left out, so two processes never send the same delivery.
   */
  async function claim(ids: number[], now: number) {
    const claimed = await transaction(db, (tx) =>
      tx
        .update(webhookDeliveries)
        .set({ leaseUntil: sql`${dbNow} + ${leaseMs}` })
        .where(
          and(
            inArray(webhookDeliveries.id, ids),
            eq(webhookDeliveries.status, 'pending'),
            lte(webhookDeliveries.nextAttemptAt, now),
            or(isNull(webhookDeliveries.leaseUntil), lt(webhookDeliveries.leaseUntil, dbNow)),
          ),
        )
        .returning({ id: webhookDeliveries.id, leaseUntil: webhookDeliveries.leaseUntil }),
    )
    return new Map(claimed.map((c) => [c.id, c.leaseUntil ?? 0]))
  }

  /** What the claimed deliveries send, in one query, so every post starts at once. */
  async function load(ids: number[]) {
    const rows = await db
      .select({ d: webhookDeliveries, hook: webhooks, n: notifications })
      .from(webhookDeliveries)
      .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
      .innerJoin(notifications, eq(notifications.id, webhookDeliveries.notificationId))
      .where(inArray(webhookDeliveries.id, ids))
    return new Map(rows.map((r) => [r.d.id, r]))
  }

  async function deliver(row: Loaded, leaseUntil: number): Promise<boolean> {
    const { d, hook, n } = row
    const id = d.id
    const body = JSON.stringify({
      id: n.id,
      type: n.type,
      title: n.title,
      tokenId: n.tokenId,
      detail: n.detail,
      createdAt: new Date(n.createdAt).toISOString(),
    })
    const { status, error } = await postWebhook(deps, hook, body, {
      resolver: opts.resolver,
      timeoutMs,
      connectTimeoutMs,
    })
    const attempts = d.attempts + 1
    const done = error === null
    // Only while our lease holds: a process that took an expired lease over owns the row now.
    await transaction(db, (tx) =>
      tx
        .update(webhookDeliveries)
        .set({
          attempts,
          lastStatus: status,
          lastError: error,
          leaseUntil: null,
          status: done ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
          nextAttemptAt: done ? null : clock() + backoffMs(attempts),
          deliveredAt: done ? clock() : null,
        })
        .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.leaseUntil, leaseUntil))),
    )
    return done
  }

  /** Starts every due delivery there is room for and returns without waiting for receivers. */
  async function dispatchOnce(): Promise<Promise<boolean>[]> {
    const room = maxInFlight - inflight.size
    if (room <= 0) return []
    const now = clock()
    // Within the caps as they stand, counting what this batch adds; the claim may take fewer.
    const chosen: Candidate[] = []
    const hooks = new Map(hookLoad)
    const owners = new Map(ownerLoad)
    for (const c of await candidates(now, Math.max(room * 4, 50))) {
      if (inflight.size + chosen.length >= maxInFlight) break
      if ((hooks.get(c.webhookId) ?? 0) >= perWebhook) continue
      if ((owners.get(c.ownerId) ?? 0) >= perOwner) continue
      bump(hooks, c.webhookId, 1)
      bump(owners, c.ownerId, 1)
      chosen.push(c)
    }
    if (chosen.length === 0) return []
    const leases = await claim(
      chosen.map((c) => c.id),
      now,
    )
    if (leases.size === 0) return []
    // A row deleted since (its webhook removed) is simply not sent; its lease goes with it.
    const rows = await load([...leases.keys()])
    const started: Promise<boolean>[] = []
    for (const c of chosen) {
      const leaseUntil = leases.get(c.id)
      const row = rows.get(c.id)
      if (leaseUntil === undefined || !row) continue
      bump(hookLoad, c.webhookId, 1)
      bump(ownerLoad, c.ownerId, 1)
      const job: Promise<boolean> = deliver(row, leaseUntil)
        .catch((err) => {
          deps.logger.error({ err, deliveryId: c.id }, 'webhook delivery failed')
          return false
        })
        .finally(() => {
          inflight.delete(job)
          bump(hookLoad, c.webhookId, -1)
          bump(ownerLoad, c.ownerId, -1)
        })
      inflight.add(job)
      started.push(job)
    }
    return started
  }

  // Dispatches take turns, so two of them never both count the same free slot.
  let turn: Promise<unknown> = Promise.resolve()
  let queued = 0
  function dispatch() {
    queued++
    const run = turn.then(dispatchOnce).finally(() => {
      queued--
    })
    turn = run.catch(() => {})
    return run
  }

  let timer: NodeJS.Timeout | undefined
  return {
    /** One tick that waits for the deliveries it started (tests, the CLI). */
    async deliverDue() {
      const started = await dispatch()
      const results = await Promise.all(started)
      return { attempted: started.length, delivered: results.filter(Boolean).length }
    },
    /** Ticks every `intervalMs`; a tick starts deliveries and never waits for a receiver. */
    start(intervalMs = 1000) {
      if (timer) return
      const tick = () => {
        // A slow database must not pile ticks up behind each other.
        if (queued > 0) return
        dispatch().catch((err) => deps.logger.error({ err }, 'webhook delivery tick failed'))
      }
      tick()
      timer = setInterval(tick, intervalMs)
      timer.unref()
    },
    /** Stops ticking and waits for deliveries in flight (each ends within its timeout). */
    async stop() {
      if (timer) clearInterval(timer)
      timer = undefined
      await turn
      await Promise.allSettled([...inflight])
    },
    inFlight: () => inflight.size,
  }
}

export type WebhookSender = ReturnType<typeof createWebhookSender>
