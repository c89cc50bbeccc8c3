import { and, eq, isNull, lte, or } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { botKeys, tokens } from '../../db/schema'
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

/** A batch that fails this often is dropped, so one bad entry cannot block every later flush. */
const MAX_FAILURES = 3

/** Last-used times only move forward: another replica may flush an older use after ours. */
const notAfter = (column: typeof botKeys.lastUsedAt | typeof tokens.lastUsedAt, at: number) =>
  or(isNull(column), lte(column, at))

async function write(tx: Tx, batch: Use[]) {
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
 * row per key and token per flush (with a count) are written once a second in one transaction.
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
    pending = new Map()
    const run = tail.then(async () => {
      if (batch.length === 0) return
      try {
        // The callback may run again on PostgreSQL (retried transaction): it only writes.
        await transaction(db, (tx) => write(tx, batch))
      } catch (err) {
        for (const u of batch)
          if (u.failures + 1 < MAX_FAILURES) add({ ...u, failures: u.failures + 1 })
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
    flush,
    /** Stops the timer and writes what is left; await it before closing the database. */
    stop() {
      clearInterval(timer)
      return flush().catch(report)
    },
  }
}

export type UsageRecorder = ReturnType<typeof createUsageRecorder>
