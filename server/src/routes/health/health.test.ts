import { afterEach, describe, expect, it } from 'vitest'
import { createApp } from '../../app'
import { closeDatabase, type Db, pgDb, pgPool, sqliteConnections } from '../../db/client'
import { DIALECT } from '../../db/schema'
import { openSqliteDataDir } from '../../lib/boot'
import { createHealthState, type HealthState } from '../../services/metrics/readiness'
import { createTestApp, type TestApp } from '../../test/test-app'

let t: TestApp
afterEach(async () => {
  await t?.destroy()
})

/** The app of `t` again, with its own readiness state (and database handle, when given). */
function appWith(health: HealthState, db: Db = t.db) {
  return createApp({ ...t.deps, db, services: t.services, health })
}

/** A second handle on the test's database, for a test that closes it. */
function secondHandle(): Db {
  if (DIALECT === 'pg') return pgDb({ url: t.deps.config.databaseUrl ?? '', poolSize: 1 })
  return openSqliteDataDir({ dataDir: t.dir, masterKey: undefined, oldKeys: [] }).db
}

/** Forgets the newest applied migration, as if the code were one release ahead of the schema. */
async function undoLastMigration(db: Db) {
  // By creation time: drizzle's SQLite table leaves `id` null.
  const drop = (table: string) =>
    `delete from ${table} where created_at = (select max(created_at) from ${table})`
  const pool = pgPool(db)
  if (pool) await pool.query(drop('drizzle.__drizzle_migrations'))
  else sqliteConnections(db)?.writer.prepare(drop('__drizzle_migrations')).run()
}

const ALL_OK = { database: 'ok', migrations: 'ok', key: 'ok', process: 'ok' }

describe('GET /api/health/live and /ready', () => {
  it('answer a load balancer: no session, no cookie, no Origin', async () => {
    t = createTestApp()
    const live = await t.app.request('/api/health/live')
    expect(live.status).toBe(200)
    expect(await live.json()).toEqual({ status: 'ok' })
    const ready = await t.app.request('/api/health/ready')
    expect(ready.status).toBe(200)
    expect(ready.headers.get('cache-control')).toBe('no-store')
    expect(await ready.json()).toEqual({ status: 'ok', checks: ALL_OK })
    // The old endpoint stays as it was.
    expect(await (await t.app.request('/api/health')).json()).toEqual({ status: 'ok' })
  })

  it('is not ready once the database stops answering, and still live', async () => {
    t = createTestApp()
    const db = secondHandle()
    const app = appWith(createHealthState(), db)
    expect((await app.request('/api/health/ready')).status).toBe(200)
    await closeDatabase(db)
    const res = await app.request('/api/health/ready')
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({
      status: 'unavailable',
      checks: { database: 'failed', migrations: 'unknown', key: 'ok', process: 'ok' },
    })
    expect((await app.request('/api/health/live')).status).toBe(200)
  })

  it('is not ready while a committed migration is not applied', async () => {
    t = createTestApp()
    await undoLastMigration(t.db)
    const res = await t.app.request('/api/health/ready')
    expect(res.status).toBe(503)
    expect(await res.json()).toEqual({
      status: 'unavailable',
      checks: { ...ALL_OK, migrations: 'pending' },
    })
  })

  it('is not ready without a verified key, nor while shutting down', async () => {
    t = createTestApp()
    const health = createHealthState({ keyVerified: false })
    const app = appWith(health)
    const unverified = await app.request('/api/health/ready')
    expect(unverified.status).toBe(503)
    expect(await unverified.json()).toEqual({
      status: 'unavailable',
      checks: { ...ALL_OK, key: 'unverified' },
    })
    health.keyVerified = true
    expect((await app.request('/api/health/ready')).status).toBe(200)
    health.shuttingDown = true
    const draining = await app.request('/api/health/ready')
    expect(draining.status).toBe(503)
    expect(await draining.json()).toEqual({
      status: 'unavailable',
      checks: { ...ALL_OK, process: 'shutting_down' },
    })
    expect((await app.request('/api/health/live')).status).toBe(200)
  })
})
