import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, insertTokenRow, seedUser, type TestApp } from '../test/test-app'
import { pgPool, sqliteConnections } from './client'
import { applyMigrations, withMigrationLock } from './migrate'
import { tokens } from './schema'

let t: TestApp
beforeEach(() => {
  t = createTestApp()
})
afterEach(() => t.destroy())

/** Forgets the newest applied migration, so the next `applyMigrations` runs it again. */
async function forgetLastMigration() {
  const drop = (table: string) =>
    `delete from ${table} where created_at = (select max(created_at) from ${table})`
  const pool = pgPool(t.db)
  if (pool) await pool.query(drop('drizzle.__drizzle_migrations'))
  else sqliteConnections(t.db)?.writer.prepare(drop('__drizzle_migrations')).run()
}

const statusOf = async (id: string) =>
  (await t.db.select().from(tokens).where(eq(tokens.id, id)))[0]

describe('data migrations', () => {
  it('0010 makes add-on tokens an invalid_grant sent to reconnect renewable again, and nothing else', async () => {
    const owner = await seedUser(t, { email: 'ann@example.com' })
    const stuck = await insertTokenRow(t, owner.id, 'add-on', 'addon', t.clock() + 60_000, {
      grant: 'client_credentials',
      status: 'needs_reauth',
      nextAttemptAt: null,
      lastError: 'invalid_grant',
    })
    const userGrant = await insertTokenRow(t, owner.id, 'user', 'addon', t.clock() + 60_000, {
      grant: 'authorization_code',
      status: 'needs_reauth',
    })
    const revoked = await insertTokenRow(t, owner.id, 'gone', 'addon', t.clock() + 60_000, {
      grant: 'client_credentials',
      status: 'revoked',
    })
    await forgetLastMigration()
    await withMigrationLock(t.db, () => applyMigrations(t.db))
    expect(await statusOf(stuck)).toMatchObject({ status: 'active', nextAttemptAt: null })
    expect((await statusOf(userGrant))?.status).toBe('needs_reauth')
    expect((await statusOf(revoked))?.status).toBe('revoked')
  })
})
