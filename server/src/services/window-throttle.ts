import { and, eq, like, lt } from 'drizzle-orm'
import type { Db, Tx } from '../db/client'
import { loginThrottle } from '../db/schema'
import { transaction } from '../db/transaction'
import { inTurn, sweepDue } from './throttle-turns'

/** A fixed-window attempt limit, e.g. uninstall probes per installation or installs per address. */
export type WindowLimit = { prefix: string; limit: number; windowMs: number }

export type Reservation = { ok: true } | { ok: false; retryAfterMs: number }

/**
 * Counts one attempt before the costly work is done, in one serializable transaction, so
 * concurrent callers cannot all slip under the limit. Kept in the database so neither a restart
 * nor another replica resets it (it shares the throttle table under its own key prefix).
 */
export async function reserveInWindow(
  db: Db,
  now: number,
  l: WindowLimit,
  id: string,
): Promise<Reservation> {
  const key = `${l.prefix}${id}`
  const reservation = await inTurn(db, [key], () =>
    transaction(db, async (tx): Promise<Reservation> => {
      const [row] = await tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).limit(1)
      const fresh = !row || row.windowStart + l.windowMs <= now
      if (!fresh && row.failures >= l.limit)
        return { ok: false, retryAfterMs: row.windowStart + l.windowMs - now }
      const failures = fresh ? 1 : row.failures + 1
      const windowStart = fresh ? now : row.windowStart
      const lockedUntil = failures >= l.limit ? windowStart + l.windowMs : null
      await writeCount(tx, { key, failures, windowStart, lockedUntil })
      return { ok: true }
    }),
  )
  if (sweepDue(db, l.prefix, now)) {
    await transaction(db, async (tx) => {
      await tx
        .delete(loginThrottle)
        .where(
          and(
            like(loginThrottle.key, `${l.prefix}%`),
            lt(loginThrottle.windowStart, now - l.windowMs),
          ),
        )
    })
  }
  return reservation
}

/** One throttle row, written whole: every throttle in the table counts the same way. */
export async function writeCount(tx: Tx, row: typeof loginThrottle.$inferInsert) {
  const { failures, windowStart, lockedUntil } = row
  await tx
    .insert(loginThrottle)
    .values(row)
    .onConflictDoUpdate({ target: loginThrottle.key, set: { failures, windowStart, lockedUntil } })
}

export async function clearWindow(db: Db, l: WindowLimit, id: string) {
  await transaction(db, async (tx) => {
    await tx.delete(loginThrottle).where(eq(loginThrottle.key, `${l.prefix}${id}`))
  })
}
