import type { BotRefusalCode } from '@tokendesk/shared/schemas/bot-key'
import { and, desc, eq, inArray, isNull, lte, notInArray, or } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { botKeyFailures, botKeys, tokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import { recordAudit } from '../audit'

type Use = {
  keyId: string
  tokenId: string
  ownerId: string
  ip: string | null
  at: number
  count: number
  /** Flushes that failed with this use in them. */
  failures: number
}

/** A refused bot call of a known key; never the key that was presented. */
export type Refusal = {
  keyId: string
  at: number
  status: 401 | 404 | 409 | 429
  code: BotRefusalCode
  tokenId: string | null
  ip: string | null
}

/** A batch that fails this often is dropped, so one bad entry cannot block every later flush. */
const MAX_FAILURES = 3

/** Refusals recorded per key per minute, per process: a bot stuck in a loop of 429s writes 10. */
export const REFUSALS_PER_MINUTE = 10

/** Refusals kept per key: the newest, enough to debug with; older ones are deleted on flush. */
export const REFUSALS_KEPT = 100

/** Keys whose refusals are counted at once before the counts start over; bounds the memory. */
const MAX_COUNTED_KEYS = 10_000

/** Last-used times only move forward: another replica may flush an older use after ours. */
const notAfter = (column: typeof botKeys.lastUsedAt | typeof tokens.lastUsedAt, at: number) =>
  or(isNull(column), lte(column, at))

async function writeRefusals(tx: Tx, refusals: Refusal[]) {
  const keyIds = [...new Set(refusals.map((r) => r.keyId))]
  // A key deleted (with its owner) since the call has no row to hang its refusals on.
  const live = new Set(
    (await tx.select({ id: botKeys.id }).from(botKeys).where(inArray(botKeys.id, keyIds))).map(
      (k) => k.id,
    ),
  )
  const rows = refusals
    .filter((r) => live.has(r.keyId))
    .map(({ keyId, at, status, code, tokenId, ip }) => ({ keyId, at, status, code, tokenId, ip }))
  if (rows.length > 0) await tx.insert(botKeyFailures).values(rows)
  for (const keyId of live) {
    const newest = tx
      .select({ id: botKeyFailures.id })
      .from(botKeyFailures)
      .where(eq(botKeyFailures.keyId, keyId))
      .orderBy(desc(botKeyFailures.at), desc(botKeyFailures.id))
      .limit(REFUSALS_KEPT)
    await tx
      .delete(botKeyFailures)
      .where(and(eq(botKeyFailures.keyId, keyId), notInArray(botKeyFailures.id, newest)))
  }
}

async function write(tx: Tx, batch: Use[], refusals: Refusal[]) {
  if (refusals.length > 0) await writeRefusals(tx, refusals)
  for (const u of batch) {
    await tx
      .update(botKeys)
      .set({ lastUsedAt: u.at, lastUsedIp: u.ip })
      .where(and(eq(botKeys.id, u.keyId), notAfter(botKeys.lastUsedAt, u.at)))
    await recordAudit(tx, {
      at: u.at,
      actorId: u.keyId,
      actorType: 'bot_key',
      action: 'bot.access',
      targetType: 'token',
      targetId: u.tokenId,
      ownerId: u.ownerId,
      ip: u.ip,
      detail: { keyId: u.keyId, count: u.count },
    })
  }
  const byToken = new Map<string, number>()
  for (const u of batch) byToken.set(u.tokenId, Math.max(u.at, byToken.get(u.tokenId) ?? u.at))
  for (const [tokenId, at] of byToken)
    await tx
      .update(tokens)
      .set({ lastUsedAt: at })
      .where(and(eq(tokens.id, tokenId), notAfter(tokens.lastUsedAt, at)))
}

/**
 * Bot calls sit on the hot path, so their bookkeeping is batched: last-used times and one audit
 * row per key and token per flush (with a count), and the refused calls of known keys (at most
 * REFUSALS_PER_MINUTE per key), are written once a second in one transaction.
 * Flushes run one after another. A batch that fails to commit goes back into the next one (up
 * to MAX_FAILURES times), so its counts survive a passing database error; `onError` hears of
 * every failure.
 */
export function createUsageRecorder(
  db: Db,
  flushEveryMs = 1000,
  onError: (err: unknown) => void = () => {},
) {
  let pending = new Map<string, Use>()
  let refusals: (Refusal & { failures: number })[] = []
  /** Per key: when its current minute began and how many refusals it recorded in it. */
  const counted = new Map<string, { since: number; count: number }>()
  let tail: Promise<void> = Promise.resolve()

  /** Adds a use, or merges it into the pending one of its key and token. */
  const add = (u: Use) => {
    const k = `${u.keyId}\0${u.tokenId}`
    const prev = pending.get(k)
    if (!prev) pending.set(k, u)
    else {
      if (u.at >= prev.at) {
        prev.at = u.at
        prev.ip = u.ip
      }
      prev.count += u.count
      prev.failures = Math.max(prev.failures, u.failures)
    }
  }

  /** Writes what was recorded so far; resolves once it (and every earlier flush) committed. */
  const flush = (): Promise<void> => {
    const batch = [...pending.values()]
    const refused = refusals
    pending = new Map()
    refusals = []
    const run = tail.then(async () => {
      if (batch.length === 0 && refused.length === 0) return
      try {
        // The callback may run again on PostgreSQL (retried transaction): it only writes. Not
        // durable on SQLite: a second of uses is held in memory anyway, and an fsync a second
        // stalled every bot call in flight (bench #1's p99).
        await transaction(db, (tx) => write(tx, batch, refused), { durable: false })
      } catch (err) {
        for (const u of batch)
          if (u.failures + 1 < MAX_FAILURES) add({ ...u, failures: u.failures + 1 })
        for (const r of refused)
          if (r.failures + 1 < MAX_FAILURES) refusals.push({ ...r, failures: r.failures + 1 })
        throw err
      }
    })
    tail = run.catch(() => {})
    return run
  }

  const report = (err: unknown) => {
    onError(err)
  }
  const timer = setInterval(() => flush().catch(report), flushEveryMs)
  timer.unref()
  return {
    record(u: Omit<Use, 'count' | 'failures'>) {
      const prev = pending.get(`${u.keyId}\0${u.tokenId}`)
      // Updated in place: one object per key and token per flush, not one per call.
      if (prev) {
        prev.at = u.at
        prev.ip = u.ip
        prev.count++
      } else add({ ...u, count: 1, failures: 0 })
    },
    /**
     * A refused call of a known key, kept unless the key already has REFUSALS_PER_MINUTE in the
     * minute its first one began. Returns whether it was kept.
     */
    refused(r: Refusal) {
      let c = counted.get(r.keyId)
      if (!c || r.at - c.since >= 60_000 || r.at < c.since) {
        if (!c && counted.size >= MAX_COUNTED_KEYS) counted.clear()
        c = { since: r.at, count: 0 }
        counted.set(r.keyId, c)
      }
      if (c.count >= REFUSALS_PER_MINUTE) return false
      c.count++
      refusals.push({ ...r, failures: 0 })
      return true
    },
    flush,
    /** Stops the timer and writes what is left; await it before closing the database. */
    stop() {
      clearInterval(timer)
      return flush().catch(report)
    },
  }
}

export type UsageRecorder = ReturnType<typeof createUsageRecorder>
