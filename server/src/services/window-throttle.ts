import { and, eq, like, lt } from 'drizzle-orm'
import type { Db, DbLike } from '../db/client'
import { loginThrottle } from '../db/schema'

/** A fixed-window attempt limit, e.g. uninstall probes per installation or installs per address. */
export type WindowLimit = { prefix: string; limit: number; windowMs: number }

export type Reservation = { ok: true } | { ok: false; retryAfterMs: number }

/**
 * Counts one attempt before the costly work is done, in one IMMEDIATE transaction, so
 * concurrent callers cannot all slip under the limit. Kept in the database so neither a restart
 * nor a second process resets it (it shares the throttle table under its own key prefix).
 */
export function reserveInWindow(db: Db, now: number, l: WindowLimit, id: string): Reservation {
  const key = `${l.prefix}${id}`
  return db.transaction(
    (tx) => {
      tx.delete(loginThrottle)
        .where(
          and(
            like(loginThrottle.key, `${l.prefix}%`),
            lt(loginThrottle.windowStart, now - l.windowMs),
          ),
        )
        .run()
      const row = tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get()
      const fresh = !row || row.windowStart + l.windowMs <= now
      if (!fresh && row.failures >= l.limit)
        return { ok: false, retryAfterMs: row.windowStart + l.windowMs - now }
      const failures = fresh ? 1 : row.failures + 1
      const windowStart = fresh ? now : row.windowStart
      const lockedUntil = failures >= l.limit ? windowStart + l.windowMs : null
      tx.insert(loginThrottle)
        .values({ key, failures, windowStart, lockedUntil })
        .onConflictDoUpdate({
          target: loginThrottle.key,
          set: { failures, windowStart, lockedUntil },
        })
        .run()
      return { ok: true }
    },
    { behavior: 'immediate' },
  )
}

/** One throttle row, written whole: every throttle in the table counts the same way. */
export function writeCount(db: DbLike, row: typeof loginThrottle.$inferInsert) {
  const { failures, windowStart, lockedUntil } = row
  db.insert(loginThrottle)
    .values(row)
    .onConflictDoUpdate({ target: loginThrottle.key, set: { failures, windowStart, lockedUntil } })
    .run()
}

export function clearWindow(db: Db, l: WindowLimit, id: string) {
  db.delete(loginThrottle)
    .where(eq(loginThrottle.key, `${l.prefix}${id}`))
    .run()
}
