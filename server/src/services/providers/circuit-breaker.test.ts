import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, type Db, openSqlite, pgDb, sqliteDb } from '../../db/client'
import { DIALECT } from '../../db/schema'
import { DB_FILE } from '../../lib/boot'
import { createTestApp, type TestApp } from '../../test/test-app'
import { createCircuitBreaker, originOf } from './circuit-breaker'

const ORIGIN = 'https://idp.example.test'
let t: TestApp
let others: Db[] = []

beforeEach(() => {
  t = createTestApp()
})
afterEach(async () => {
  for (const db of others) await closeDatabase(db)
  others = []
  await t.destroy()
})

/** Its own connections to the same database: another process, as far as the breaker knows. */
function otherProcess() {
  const url = t.deps.config.databaseUrl
  const file = join(t.dir, DB_FILE)
  const db = DIALECT === 'pg' && url ? pgDb({ url, poolSize: 2 }) : sqliteDb(openSqlite(file), file)
  others.push(db)
  return db
}

const breaker = (opts?: Parameters<typeof createCircuitBreaker>[1], db: Db = t.db) =>
  createCircuitBreaker({ db, clock: t.clock }, opts)

const failTimes = async (b: ReturnType<typeof breaker>, n: number) => {
  for (let i = 0; i < n; i++) await b.failure(ORIGIN, 'provider answered 503')
}

describe('circuit breaker', async () => {
  it('names a provider by its origin', async () => {
    expect(originOf('https://idp.example.test:8443/oauth/token?x=1')).toBe(
      'https://idp.example.test:8443',
    )
  })

  it('stays closed below the threshold and a success resets the count', async () => {
    const b = breaker()
    await failTimes(b, 4)
    expect(await b.admit(ORIGIN)).toEqual({ ok: true, probe: false })
    await b.success(ORIGIN)
    await failTimes(b, 4)
    expect(await b.admit(ORIGIN)).toEqual({ ok: true, probe: false })
    expect(await b.list()).toEqual([
      {
        origin: ORIGIN,
        state: 'closed',
        failures: 4,
        openUntil: null,
        lastError: expect.any(String),
      },
    ])
  })

  it('a success resets failures recorded while it was in flight (attack 17 F2)', async () => {
    const b = breaker()
    expect((await b.admit(ORIGIN)).ok).toBe(true)
    // While that call is at the provider, four others fail.
    await failTimes(b, 4)
    await b.success(ORIGIN)
    expect((await b.list())[0]?.failures).toBe(0)
    // So one more failure does not open it.
    await failTimes(b, 1)
    expect(await b.admit(ORIGIN)).toEqual({ ok: true, probe: false })
  })

  it('opens after five consecutive failures for 60 s, then lets exactly one probe through', async () => {
    const b = breaker()
    const start = t.clock()
    await failTimes(b, 5)
    expect(await b.admit(ORIGIN)).toEqual({ ok: false, until: start + 60_000 })
    expect(await b.admit('https://other.example.test')).toEqual({ ok: true, probe: false })
    t.clock.advance(59_999)
    expect((await b.admit(ORIGIN)).ok).toBe(false)
    t.clock.advance(1)
    expect(await b.admit(ORIGIN)).toEqual({ ok: true, probe: true })
    // While the probe is out, nobody else calls (the lease holds 30 s by default).
    expect(await b.admit(ORIGIN)).toEqual({ ok: false, until: start + 60_000 + 30_000 })
    expect((await b.list())[0]).toMatchObject({ state: 'half_open', failures: 5 })
  })

  it('closes when the probe succeeds', async () => {
    const b = breaker()
    await failTimes(b, 5)
    t.clock.advance(60_000)
    expect(await b.admit(ORIGIN)).toEqual({ ok: true, probe: true })
    await b.success(ORIGIN)
    expect(await b.admit(ORIGIN)).toEqual({ ok: true, probe: false })
    expect((await b.list())[0]).toMatchObject({ state: 'closed', failures: 0, openUntil: null })
    // Closed again means the full threshold again, and the first cool-down again.
    await failTimes(b, 4)
    expect((await b.admit(ORIGIN)).ok).toBe(true)
    await b.failure(ORIGIN, 'timeout')
    expect(await b.admit(ORIGIN)).toEqual({ ok: false, until: t.clock() + 60_000 })
  })

  it('re-opens when the probe fails, doubling the cool-down up to the maximum', async () => {
    const b = breaker({ coolDownMs: 60_000, maxCoolDownMs: 200_000 })
    await failTimes(b, 5)
    const waits: number[] = []
    for (let i = 0; i < 4; i++) {
      const closed = await b.admit(ORIGIN)
      if (closed.ok) throw new Error('expected an open circuit')
      waits.push(closed.until - t.clock())
      t.clock.set(closed.until)
      expect(await b.admit(ORIGIN)).toEqual({ ok: true, probe: true })
      await b.failure(ORIGIN, 'provider answered 502')
    }
    expect(waits).toEqual([60_000, 120_000, 200_000, 200_000])
    expect((await b.list())[0]).toMatchObject({ state: 'open', lastError: 'provider answered 502' })
  })

  it('failures from calls made before it opened do not extend the cool-down', async () => {
    const b = breaker()
    await failTimes(b, 5)
    const until = t.clock() + 60_000
    t.clock.advance(10_000)
    await failTimes(b, 3)
    expect(await b.admit(ORIGIN)).toEqual({ ok: false, until })
    expect((await b.list())[0]?.failures).toBe(8)
  })

  it('gives another caller the probe when the first probe’s lease runs out', async () => {
    const b = breaker({ probeLeaseMs: 5_000 })
    await failTimes(b, 5)
    t.clock.advance(60_000)
    expect(await b.admit(ORIGIN)).toEqual({ ok: true, probe: true })
    t.clock.advance(4_999)
    expect((await b.admit(ORIGIN)).ok).toBe(false)
    t.clock.advance(1)
    expect(await b.admit(ORIGIN)).toEqual({ ok: true, probe: true })
  })

  it('holds across processes: one probe among several connections to the database', async () => {
    const a = breaker()
    const b = breaker(undefined, otherProcess())
    const c = breaker(undefined, otherProcess())
    await failTimes(a, 3)
    await failTimes(b, 2)
    // Five failures counted by two processes open it for all three.
    expect((await c.admit(ORIGIN)).ok).toBe(false)
    t.clock.advance(60_000)
    const answers = []
    for (const x of [a, b, c, a, b, c]) answers.push(await x.admit(ORIGIN))
    expect(answers.filter((x) => x.ok)).toEqual([{ ok: true, probe: true }])
    await c.success(ORIGIN)
    expect(await a.admit(ORIGIN)).toEqual({ ok: true, probe: false })
  })

  it('opens at once with a threshold of one, and never throws when the database is gone', async () => {
    const b = breaker({ threshold: 1 })
    await b.failure(ORIGIN, 'unreachable')
    expect((await b.admit(ORIGIN)).ok).toBe(false)
    const db = otherProcess()
    const broken = breaker(undefined, db)
    await closeDatabase(db)
    others = others.filter((x) => x !== db)
    expect(await broken.admit(ORIGIN)).toEqual({ ok: true, probe: false })
    await expect(broken.failure(ORIGIN, 'x')).resolves.toBeUndefined()
    await expect(broken.success(ORIGIN)).resolves.toBeUndefined()
  })
})
