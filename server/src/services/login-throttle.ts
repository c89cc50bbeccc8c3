import { and, eq, like, lt, or, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { loginThrottle, sessions } from '../db/schema'
import { writeCount } from './window-throttle'

const WINDOW_MS = 15 * 60_000
export const LIMITS = { ip: 20, account: 5, session: 5 } as const

type Kind = keyof typeof LIMITS
export type ThrottleKey = { kind: Kind; id: string }
const keyOf = (k: ThrottleKey) => `${k.kind}:${k.id}`

type Held = { key: string; kind: Kind; windowStart: number }
export type Reservation = { held: Held[]; locked: Kind[] }

/**
 * Reserves one password check, kept in SQLite so neither a restart nor a second process resets
 * it. In one IMMEDIATE transaction it refuses while any key is locked, and otherwise counts the
 * attempt as a failure before the hash is verified: concurrent guesses cannot all read "not
 * locked" before any failure is written. A session's count never resets while the session lives,
 * so one cookie gets a fixed number of guesses.
 */
export function reserveAttempt(
  db: Db,
  now: number,
  keys: ThrottleKey[],
): { ok: true; reservation: Reservation } | { ok: false; retryAfterMs: number } {
  return db.transaction(
    (tx) => {
      const rows = keys.map((k) => {
        const key = keyOf(k)
        return {
          k,
          key,
          row: tx.select().from(loginThrottle).where(eq(loginThrottle.key, key)).get(),
        }
      })
      const wait = Math.max(0, ...rows.map(({ row }) => (row?.lockedUntil ?? now) - now))
      if (wait > 0) return { ok: false as const, retryAfterMs: wait }
      const held: Held[] = []
      const locked: Kind[] = []
      for (const { k, key, row } of rows) {
        const fresh = !row || (k.kind !== 'session' && row.windowStart + WINDOW_MS <= now)
        const failures = fresh ? 1 : row.failures + 1
        const windowStart = fresh ? now : row.windowStart
        const lockedUntil =
          failures < LIMITS[k.kind]
            ? null
            : k.kind === 'session'
              ? now + WINDOW_MS
              : windowStart + WINDOW_MS
        if (lockedUntil) locked.push(k.kind)
        writeCount(tx, { key, failures, windowStart, lockedUntil })
        held.push({ key, kind: k.kind, windowStart })
      }
      // Other throttles share the table under their own prefixes; only ours are swept here.
      tx.delete(loginThrottle)
        .where(
          or(
            and(
              or(like(loginThrottle.key, 'ip:%'), like(loginThrottle.key, 'account:%')),
              lt(loginThrottle.windowStart, now - 2 * WINDOW_MS),
            ),
            and(
              like(loginThrottle.key, 'session:%'),
              sql`substr(${loginThrottle.key}, 9) not in (select ${sessions.idHash} from ${sessions})`,
            ),
          ),
        )
        .run()
      return { ok: true as const, reservation: { held, locked } }
    },
    { behavior: 'immediate' },
  )
}

/**
 * The password was right: the account and the session start afresh, and the IP gets back the
 * attempt it lent (a busy office behind one address is not locked out by its own sign-ins).
 */
export function releaseAttempt(db: Db, reservation: Reservation) {
  db.transaction(
    (tx) => {
      for (const h of reservation.held) {
        if (h.kind !== 'ip') {
          tx.delete(loginThrottle).where(eq(loginThrottle.key, h.key)).run()
          continue
        }
        const row = tx.select().from(loginThrottle).where(eq(loginThrottle.key, h.key)).get()
        if (!row || row.windowStart !== h.windowStart) continue
        const failures = Math.max(0, row.failures - 1)
        tx.update(loginThrottle)
          .set({ failures, lockedUntil: failures < LIMITS.ip ? null : row.lockedUntil })
          .where(eq(loginThrottle.key, h.key))
          .run()
      }
    },
    { behavior: 'immediate' },
  )
}
