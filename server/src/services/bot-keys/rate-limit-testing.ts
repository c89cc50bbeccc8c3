import { sql } from 'drizzle-orm'
import { dialectOf } from '../../db/client'
import { botRateBuckets } from '../../db/schema'
import type { TestApp } from '../../test/test-app'

/**
 * For tests: lets `ms` pass for the bot rate limits without sleeping. On SQLite the buckets live
 * in memory on the app's clock; on PostgreSQL they run on the database's clock, so their last
 * refill is moved back by as much instead.
 */
export async function elapseForRateLimits(t: TestApp, ms: number) {
  t.clock.advance(ms)
  if (dialectOf(t.db) === 'pg')
    await t.write((tx) =>
      tx.update(botRateBuckets).set({ updatedAt: sql`${botRateBuckets.updatedAt} - ${ms}` }),
    )
}
