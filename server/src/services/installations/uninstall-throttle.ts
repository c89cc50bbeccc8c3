import { and, eq, like, lt } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { loginThrottle } from '../../db/schema'

/** Each uninstall check spends the installation's credentials at the provider; a stranger can ask. */
export const UNINSTALL_LIMIT = 5
export const UNINSTALL_WINDOW_MS = 15 * 60_000

const PREFIX = 'uninstall:'
const keyOf = (installationId: string) => `${PREFIX}${installationId}`

export type Reservation = { ok: true } | { ok: false; retryAfterMs: number }

/**
 * Counts one attempt before the provider is asked, in one write transaction, so concurrent
 * callers cannot all slip under the limit. Kept in SQLite so a restart does not reset it.
 */
export function reserveUninstallAttempt(db: Db, now: number, installationId: string): Reservation {
  const key = keyOf(installationId)
  return db.transaction(
    (tx) => {
      tx.delete(loginThrottle)
        .where(
          and(
            like(loginThrottle.key, `${PREFIX}%`),
            lt(loginThrottle.windowStart, now - UNINSTALL_WINDOW_MS),
          ),
        )
        .run()
      const row = tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get()
      const fresh = !row || row.windowStart + UNINSTALL_WINDOW_MS <= now
      if (!fresh && row.failures >= UNINSTALL_LIMIT) {
        return { ok: false, retryAfterMs: row.windowStart + UNINSTALL_WINDOW_MS - now }
      }
      const failures = fresh ? 1 : row.failures + 1
      const windowStart = fresh ? now : row.windowStart
      const lockedUntil = failures >= UNINSTALL_LIMIT ? windowStart + UNINSTALL_WINDOW_MS : null
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

export function clearUninstallAttempts(db: Db, installationId: string) {
  db.delete(loginThrottle)
    .where(eq(loginThrottle.key, keyOf(installationId)))
    .run()
}
