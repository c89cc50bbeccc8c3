import { eq, lt } from 'drizzle-orm'
import type { Db } from '../db/client'
import { loginThrottle } from '../db/schema'

const WINDOW_MS = 15 * 60_000
export const LIMITS = { ip: 20, account: 5 } as const

type Key = { kind: keyof typeof LIMITS; id: string }
const keyOf = (k: Key) => `${k.kind}:${k.id}`

/** Milliseconds until the key may try again, or 0. Kept in SQLite so a restart does not reset it. */
export function retryAfterMs(db: Db, now: number, keys: Key[]) {
  let wait = 0
  for (const k of keys) {
    const row = db
      .select()
      .from(loginThrottle)
      .where(eq(loginThrottle.key, keyOf(k)))
      .get()
    if (row?.lockedUntil && row.lockedUntil > now) wait = Math.max(wait, row.lockedUntil - now)
  }
  return wait
}

export function recordFailure(db: Db, now: number, keys: Key[]) {
  db.transaction((tx) => {
    for (const k of keys) {
      const key = keyOf(k)
      const row = tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get()
      const fresh = !row || row.windowStart + WINDOW_MS <= now
      const failures = fresh ? 1 : row.failures + 1
      const windowStart = fresh ? now : row.windowStart
      const lockedUntil = failures >= LIMITS[k.kind] ? windowStart + WINDOW_MS : null
      tx.insert(loginThrottle)
        .values({ key, failures, windowStart, lockedUntil })
        .onConflictDoUpdate({
          target: loginThrottle.key,
          set: { failures, windowStart, lockedUntil },
        })
        .run()
    }
    tx.delete(loginThrottle)
      .where(lt(loginThrottle.windowStart, now - 2 * WINDOW_MS))
      .run()
  })
}

export function clearFailures(db: Db, keys: Key[]) {
  for (const k of keys)
    db.delete(loginThrottle)
      .where(eq(loginThrottle.key, keyOf(k)))
      .run()
}
