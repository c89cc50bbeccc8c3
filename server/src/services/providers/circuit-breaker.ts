import { and, eq, isNull, lte, or, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { providerCircuits } from '../../db/schema'
import { transaction } from '../../db/transaction'
import type { Clock } from '../../lib/clock'

export type CircuitOptions = {
  /** Consecutive retryable failures that open the circuit. */
  threshold?: number
  /** The first cool-down; it doubles each time a probe fails, up to maxCoolDownMs. */
  coolDownMs?: number
  maxCoolDownMs?: number
  /** How long one half-open probe holds the circuit before another caller may probe. */
  probeLeaseMs?: number
}

export type Admission = { ok: true; probe: boolean } | { ok: false; until: number }

export type CircuitState = (typeof providerCircuits.$inferSelect)['state']

export type CircuitView = {
  origin: string
  state: CircuitState
  failures: number
  openUntil: number | null
  lastError: string | null
}

export const originOf = (url: string) => new URL(url).origin

const LAST_ERROR_MAX = 300
const OPEN: Admission = { ok: true, probe: false }

/**
 * One circuit per provider origin, kept in the database so every process agrees on it: closed
 * (calls go through), open (nobody calls until the cool-down ends), half-open (exactly one
 * caller holds the probe lease; its answer closes or re-opens the circuit).
 */
export function createCircuitBreaker(deps: { db: Db; clock: Clock }, opts: CircuitOptions = {}) {
  const { db, clock } = deps
  const threshold = opts.threshold ?? 5
  const coolDownMs = opts.coolDownMs ?? 60_000
  const maxCoolDownMs = Math.max(coolDownMs, opts.maxCoolDownMs ?? 10 * 60_000)
  const probeLeaseMs = opts.probeLeaseMs ?? 30_000

  // Every provider exchange reads its circuit twice (admit, success): built and prepared once
  // (a named statement on PostgreSQL, one SQLite statement on the reader), as building the query
  // each time cost several times the read itself. Still one read per call: nothing is cached.
  const readStatement = db
    .select()
    .from(providerCircuits)
    .where(eq(providerCircuits.origin, sql.placeholder('origin')))
    .limit(1)
    .prepare('td_circuit_read')
  const read = async (origin: string) => (await readStatement.execute({ origin }))[0]

  /** Takes the probe lease if nobody holds it; the conditional update decides between processes. */
  async function claimProbe(origin: string, now: number): Promise<Admission | null> {
    const claimed = await transaction(db, (tx) =>
      tx
        .update(providerCircuits)
        .set({ state: 'half_open', probeUntil: now + probeLeaseMs, updatedAt: now })
        .where(
          and(
            eq(providerCircuits.origin, origin),
            or(
              and(eq(providerCircuits.state, 'open'), lte(providerCircuits.openUntil, now)),
              and(
                eq(providerCircuits.state, 'half_open'),
                or(isNull(providerCircuits.probeUntil), lte(providerCircuits.probeUntil, now)),
              ),
            ),
          ),
        )
        .returning({ origin: providerCircuits.origin }),
    )
    return claimed.length === 1 ? { ok: true, probe: true } : null
  }

  async function admit(origin: string): Promise<Admission> {
    try {
      const now = clock()
      const row = await read(origin)
      if (!row || row.state === 'closed') return OPEN
      if (row.state === 'open' && (row.openUntil ?? 0) > now)
        return { ok: false, until: row.openUntil ?? now }
      if (row.state === 'half_open' && (row.probeUntil ?? 0) > now)
        return { ok: false, until: row.probeUntil ?? now }
      const probe = await claimProbe(origin, now)
      if (probe) return probe
      // Someone else took the probe (or closed the circuit) between our read and our claim.
      const again = await read(origin)
      if (!again || again.state === 'closed') return OPEN
      return {
        ok: false,
        until: (again.state === 'open' ? again.openUntil : again.probeUntil) ?? now,
      }
    } catch {
      // The breaker protects providers; it must never be why a call fails.
      return OPEN
    }
  }

  async function success(origin: string) {
    try {
      const row = await read(origin)
      // Most answers find a closed, clean circuit: a read, and no write on the hot path.
      if (!row || (row.state === 'closed' && row.failures === 0)) return
      await transaction(db, (tx) =>
        tx
          .update(providerCircuits)
          .set({
            state: 'closed',
            failures: 0,
            openedAt: null,
            openUntil: null,
            probeUntil: null,
            lastError: null,
            updatedAt: clock(),
          })
          .where(eq(providerCircuits.origin, origin)),
      )
    } catch {
      // See admit: never throws.
    }
  }

  async function failure(origin: string, reason: string) {
    try {
      const lastError = reason.slice(0, LAST_ERROR_MAX)
      const now = clock()
      await transaction(db, async (tx) => {
        // A first failure from two processes at once: one row, both failures counted.
        await tx
          .insert(providerCircuits)
          .values({ origin, state: 'closed', failures: 0, updatedAt: now })
          .onConflictDoNothing({ target: providerCircuits.origin })
        const [row] = await tx
          .select()
          .from(providerCircuits)
          .where(eq(providerCircuits.origin, origin))
          .limit(1)
        if (!row) return
        const failures = row.failures + 1
        let next: Partial<typeof providerCircuits.$inferInsert> = {}
        if (row.state === 'half_open') {
          // The probe failed: open again, each time for twice as long as the last cool-down.
          const last = (row.openUntil ?? now) - (row.openedAt ?? now)
          const wait = Math.min(maxCoolDownMs, Math.max(coolDownMs, last * 2))
          next = { state: 'open', openedAt: now, openUntil: now + wait, probeUntil: null }
        } else if (row.state === 'closed' && failures >= threshold) {
          next = { state: 'open', openedAt: now, openUntil: now + coolDownMs, probeUntil: null }
        }
        // Already open: answers to calls made before it opened only count, they do not extend it.
        await tx
          .update(providerCircuits)
          .set({ ...next, failures, lastError, updatedAt: now })
          .where(eq(providerCircuits.origin, origin))
      })
    } catch {
      // See admit: never throws.
    }
  }

  function list(): Promise<CircuitView[]> {
    return db
      .select({
        origin: providerCircuits.origin,
        state: providerCircuits.state,
        failures: providerCircuits.failures,
        openUntil: providerCircuits.openUntil,
        lastError: providerCircuits.lastError,
      })
      .from(providerCircuits)
      .orderBy(providerCircuits.origin)
  }

  return { admit, success, failure, list }
}

export type CircuitBreaker = ReturnType<typeof createCircuitBreaker>
