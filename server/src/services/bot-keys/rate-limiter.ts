import type pg from 'pg'

type Limits = { perMinute: number; burst: number }

/**
 * Per-key token bucket in memory: `burst` requests at once, refilled at `perMinute`. For SQLite,
 * where one process serves the database; synchronous, so the bot path needs no promise for it.
 */
export function createRateLimiter(opts: Limits & { now: () => number }) {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const ratePerMs = opts.perMinute / 60_000
  return {
    /** Milliseconds to wait before the next request is allowed, or 0 when it may go now. */
    take(key: string) {
      const now = opts.now()
      const b = buckets.get(key) ?? { tokens: opts.burst, at: now }
      b.tokens = Math.min(opts.burst, b.tokens + (now - b.at) * ratePerMs)
      b.at = now
      buckets.set(key, b)
      if (b.tokens >= 1) {
        b.tokens -= 1
        return 0
      }
      return Math.ceil((1 - b.tokens) / ratePerMs)
    },
  }
}

const NOW_MS = '(extract(epoch from clock_timestamp()) * 1000)::bigint'
const REFILLED = `least($2::float8, b.tokens + greatest(0, excluded.updated_at - b.updated_at) * $3::float8)`

/**
 * One statement takes a token or refuses, atomically: `on conflict do update` locks the key's
 * row, so concurrent requests on any replica queue on it and each sees the bucket its
 * predecessor left. A refused request leaves the row as it was. Time is the database's clock,
 * so replicas whose clocks differ still refill one bucket at one rate; a request that read the
 * clock before waiting for the lock never moves the bucket back (the two `greatest`).
 */
const TAKE = `
insert into bot_rate_buckets as b (key_id, tokens, updated_at)
values ($1, $2::float8 - 1, ${NOW_MS})
on conflict (key_id) do update
  set tokens = ${REFILLED} - 1,
      updated_at = greatest(b.updated_at, excluded.updated_at)
  where ${REFILLED} >= 1
returning 1`

/** What a refused request may wait for: read after it, so it counts every take before it. */
const AVAILABLE = `
select least($2::float8, tokens + greatest(0, ${NOW_MS} - updated_at) * $3::float8) as available
from bot_rate_buckets where key_id = $1`

/**
 * The same bucket kept in PostgreSQL (`bot_rate_buckets`), so a key limited to N a minute gets N
 * a minute across all replicas together, not N per replica.
 */
export function createSharedRateLimiter(pool: pg.Pool, opts: Limits) {
  const ratePerMs = opts.perMinute / 60_000
  return {
    /** Milliseconds to wait before the next request is allowed, or 0 when it may go now. */
    async take(key: string) {
      const values = [key, opts.burst, ratePerMs]
      const taken = await pool.query({ name: 'tokendesk_bot_rate_take', text: TAKE, values })
      if (taken.rowCount === 1) return 0
      const { rows } = await pool.query<{ available: number }>({
        name: 'tokendesk_bot_rate_available',
        text: AVAILABLE,
        values,
      })
      return Math.max(1, Math.ceil((1 - (rows[0]?.available ?? 0)) / ratePerMs))
    },
  }
}
