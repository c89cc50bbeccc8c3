import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, type Db, pgDb, pgPool } from '../../db/client'
import { botRateBuckets } from '../../db/schema'
import { createTestApp, type TestApp } from '../../test/test-app'
import { elapseForRateLimits } from './rate-limit-testing'
import { createSharedRateLimiter } from './rate-limiter'

let t: TestApp
let others: Db[]
beforeEach(() => {
  t = createTestApp()
  others = []
})
afterEach(async () => {
  for (const db of others) await closeDatabase(db)
  await t.destroy()
})

/** A limiter on its own pool, as another replica has. */
function replicaLimiter(limits: { perMinute: number; burst: number }) {
  const db = pgDb({ url: t.deps.config.databaseUrl ?? '', poolSize: 5 })
  others.push(db)
  const pool = pgPool(db)
  if (!pool) throw new Error('expected PostgreSQL')
  return createSharedRateLimiter(pool, limits)
}

const bucket = async (keyId: string) =>
  (await t.db.select().from(botRateBuckets).where(eq(botRateBuckets.keyId, keyId)))[0]

describe('the shared rate limit', () => {
  it('grants exactly the burst to concurrent takes from three replicas', async () => {
    const limits = { perMinute: 1, burst: 7 }
    const replicas = [replicaLimiter(limits), replicaLimiter(limits), replicaLimiter(limits)]
    const waits = await Promise.all(
      Array.from({ length: 60 }, (_, i) => replicas[i % 3]?.take('k1') ?? Promise.resolve(-1)),
    )
    expect(waits.filter((w) => w === 0)).toHaveLength(7)
    // One a minute: the next token is up to a minute away.
    for (const w of waits.filter((x) => x !== 0)) {
      expect(w).toBeGreaterThan(50_000)
      expect(w).toBeLessThanOrEqual(60_000)
    }
    // Other keys have buckets of their own.
    expect(await replicas[0]?.take('k2')).toBe(0)
  })

  it('refills at the rate on the database clock, up to the burst, and leaves refusals unrecorded', async () => {
    // Six a minute: the test's own run time adds no meaningful refill.
    const limiter = replicaLimiter({ perMinute: 6, burst: 2 })
    expect(await limiter.take('k')).toBe(0)
    expect(await limiter.take('k')).toBe(0)
    const drained = await bucket('k')
    expect(await limiter.take('k')).toBeGreaterThan(0)
    // A refusal changes nothing: its wait must not push the refill back.
    expect(await bucket('k')).toEqual(drained)

    await elapseForRateLimits(t, 10_000)
    expect(await limiter.take('k')).toBe(0)
    expect(await limiter.take('k')).toBeGreaterThan(0)

    // An hour idle fills the bucket to its burst, no further.
    await elapseForRateLimits(t, 3_600_000)
    expect(await limiter.take('k')).toBe(0)
    expect(await limiter.take('k')).toBe(0)
    expect(await limiter.take('k')).toBeGreaterThan(0)
  })
})
