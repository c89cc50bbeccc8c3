import { and, eq, like, lt, or, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { loginThrottle, sessions } from '../db/schema'
import { transaction } from '../db/transaction'
import { inTurn, sweepDue } from './throttle-turns'
import { writeCount } from './window-throttle'

const WINDOW_MS = 15 * 60_000
export const LIMITS = { ip: 20, account: 5, session: 5 } as const

type Kind = keyof typeof LIMITS
export type ThrottleKey = { kind: Kind; id: string }
const keyOf = (k: ThrottleKey) => `${k.kind}:${k.id}`

type Held = { key: string; kind: Kind; windowStart: number }
export type Reservation = { held: Held[]; locked: Kind[] }

/**
 * Reserves one password check, kept in the database so neither a restart nor another replica
 * resets it. In one serializable transaction it refuses while any key is locked, and otherwise
 * counts the attempt as a failure before the hash is verified: concurrent guesses cannot all read
 * "not locked" before any failure is written. A session's count never resets while the session
 * lives, so one cookie gets a fixed number of guesses.
 */
export async function reserveAttempt(
  db: Db,
  now: number,
  keys: ThrottleKey[],
): Promise<{ ok: true; reservation: Reservation } | { ok: false; retryAfterMs: number }> {
  const attempt = await inTurn(db, keys.map(keyOf), () =>
    transaction(db, async (tx) => {
      const rows = []
      for (const k of keys) {
        const key = keyOf(k)
        const [row] = await tx
          .select()
          .from(loginThrottle)
          .where(eq(loginThrottle.key, key))
          .limit(1)
        rows.push({ k, key, row })
      }
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
        await writeCount(tx, { key, failures, windowStart, lockedUntil })
        held.push({ key, kind: k.kind, windowStart })
      }
      return { ok: true as const, reservation: { held, locked } }
    }),
  )
  if (sweepDue(db, 'login', now)) await sweep(db, now)
  return attempt
}

/** Other throttles share the table under their own prefixes; only ours are swept here. */
async function sweep(db: Db, now: number) {
  await transaction(db, async (tx) => {
    await tx
      .delete(loginThrottle)
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
  })
}

/**
 * The password was right: the account and the session start afresh, and the IP gets back the
 * attempt it lent (a busy office behind one address is not locked out by its own sign-ins).
 */
export async function releaseAttempt(db: Db, reservation: Reservation) {
  const keys = reservation.held.map((h) => h.key)
  await inTurn(db, keys, () =>
    transaction(db, async (tx) => {
      for (const h of reservation.held) {
        if (h.kind !== 'ip') {
          await tx.delete(loginThrottle).where(eq(loginThrottle.key, h.key))
          continue
        }
        const [row] = await tx
          .select()
          .from(loginThrottle)
          .where(eq(loginThrottle.key, h.key))
          .limit(1)
        if (!row || row.windowStart !== h.windowStart) continue
        const failures = Math.max(0, row.failures - 1)
        await tx
          .update(loginThrottle)
          .set({ failures, lockedUntil: failures < LIMITS.ip ? null : row.lockedUntil })
          .where(eq(loginThrottle.key, h.key))
      }
    }),
  )
}
