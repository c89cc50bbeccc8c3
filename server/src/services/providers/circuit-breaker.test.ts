import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createDb, type Db, openSqlite } from '../../db/client'
import { DB_FILE } from '../../lib/boot'
import { createTestApp, type TestApp } from '../../test/test-app'
import { createCircuitBreaker, originOf } from './circuit-breaker'

const ORIGIN = 'https://idp.example.test'
let t: TestApp
let others: Db[] = []

beforeEach(() => {
  t = createTestApp()
})
afterEach(() => {
  for (const db of others) db.$client.close()
  others = []
  t.destroy()
})

/** A second connection to the same SQLite file: another process, as far as the breaker knows. */
function otherProcess() {
  const db = createDb(openSqlite(join(t.dir, DB_FILE)))
  others.push(db)
  return db
}

const breaker = (opts?: Parameters<typeof createCircuitBreaker>[1], db: Db = t.db) =>
  createCircuitBreaker({ db, clock: t.clock }, opts)

const failTimes = (b: ReturnType<typeof breaker>, n: number) => {
  for (let i = 0; i < n; i++) b.failure(ORIGIN, 'provider answered 503')
}

describe('circuit breaker', () => {
  it('names a provider by its origin', () => {
    expect(originOf('https://idp.example.test:8443/oauth/token?x=1')).toBe(
      'https://idp.example.test:8443',
    )
  })

  it('stays closed below the threshold and a success resets the count', () => {
    const b = breaker()
    failTimes(b, 4)
    expect(b.admit(ORIGIN)).toEqual({ ok: true, probe: false })
    b.success(ORIGIN)
    failTimes(b, 4)
    expect(b.admit(ORIGIN)).toEqual({ ok: true, probe: false })
    expect(b.list()).toEqual([
      {
        origin: ORIGIN,
        state: 'closed',
        failures: 4,
        openUntil: null,
        lastError: expect.any(String),
      },
    ])
  })

  it('opens after five consecutive failures for 60 s, then lets exactly one probe through', () => {
    const b = breaker()
    const start = t.clock()
    failTimes(b, 5)
    expect(b.admit(ORIGIN)).toEqual({ ok: false, until: start + 60_000 })
    expect(b.admit('https://other.example.test')).toEqual({ ok: true, probe: false })
    t.clock.advance(59_999)
    expect(b.admit(ORIGIN).ok).toBe(false)
    t.clock.advance(1)
    expect(b.admit(ORIGIN)).toEqual({ ok: true, probe: true })
    // While the probe is out, nobody else calls (the lease holds 30 s by default).
    expect(b.admit(ORIGIN)).toEqual({ ok: false, until: start + 60_000 + 30_000 })
    expect(b.list()[0]).toMatchObject({ state: 'half_open', failures: 5 })
  })

  it('closes when the probe succeeds', () => {
    const b = breaker()
    failTimes(b, 5)
    t.clock.advance(60_000)
    expect(b.admit(ORIGIN)).toEqual({ ok: true, probe: true })
    b.success(ORIGIN)
    expect(b.admit(ORIGIN)).toEqual({ ok: true, probe: false })
    expect(b.list()[0]).toMatchObject({ state: 'closed', failures: 0, openUntil: null })
    // Closed again means the full threshold again, and the first cool-down again.
    failTimes(b, 4)
    expect(b.admit(ORIGIN).ok).toBe(true)
    b.failure(ORIGIN, 'timeout')
    expect(b.admit(ORIGIN)).toEqual({ ok: false, until: t.clock() + 60_000 })
  })

  it('re-opens when the probe fails, doubling the cool-down up to the maximum', () => {
    const b = breaker({ coolDownMs: 60_000, maxCoolDownMs: 200_000 })
    failTimes(b, 5)
    const waits: number[] = []
    for (let i = 0; i < 4; i++) {
      const closed = b.admit(ORIGIN)
      if (closed.ok) throw new Error('expected an open circuit')
      waits.push(closed.until - t.clock())
      t.clock.set(closed.until)
      expect(b.admit(ORIGIN)).toEqual({ ok: true, probe: true })
      b.failure(ORIGIN, 'provider answered 502')
    }
    expect(waits).toEqual([60_000, 120_000, 200_000, 200_000])
    expect(b.list()[0]).toMatchObject({ state: 'open', lastError: 'provider answered 502' })
  })

  it('failures from calls made before it opened do not extend the cool-down', () => {
    const b = breaker()
    failTimes(b, 5)
    const until = t.clock() + 60_000
    t.clock.advance(10_000)
    failTimes(b, 3)
    expect(b.admit(ORIGIN)).toEqual({ ok: false, until })
    expect(b.list()[0]?.failures).toBe(8)
  })

  it('gives another caller the probe when the first probe’s lease runs out', () => {
    const b = breaker({ probeLeaseMs: 5_000 })
    failTimes(b, 5)
    t.clock.advance(60_000)
    expect(b.admit(ORIGIN)).toEqual({ ok: true, probe: true })
    t.clock.advance(4_999)
    expect(b.admit(ORIGIN).ok).toBe(false)
    t.clock.advance(1)
    expect(b.admit(ORIGIN)).toEqual({ ok: true, probe: true })
  })

  it('holds across processes: one probe among several connections to the database', () => {
    const a = breaker()
    const b = breaker(undefined, otherProcess())
    const c = breaker(undefined, otherProcess())
    failTimes(a, 3)
    failTimes(b, 2)
    // Five failures counted by two processes open it for all three.
    expect(c.admit(ORIGIN).ok).toBe(false)
    t.clock.advance(60_000)
    const answers = [a, b, c, a, b, c].map((x) => x.admit(ORIGIN))
    expect(answers.filter((x) => x.ok)).toEqual([{ ok: true, probe: true }])
    c.success(ORIGIN)
    expect(a.admit(ORIGIN)).toEqual({ ok: true, probe: false })
  })

  it('opens at once with a threshold of one, and never throws when the database is gone', () => {
    const b = breaker({ threshold: 1 })
    b.failure(ORIGIN, 'unreachable')
    expect(b.admit(ORIGIN).ok).toBe(false)
    const db = otherProcess()
    const broken = breaker(undefined, db)
    db.$client.close()
    others = others.filter((x) => x !== db)
    expect(broken.admit(ORIGIN)).toEqual({ ok: true, probe: false })
    expect(() => broken.failure(ORIGIN, 'x')).not.toThrow()
    expect(() => broken.success(ORIGIN)).not.toThrow()
  })
})
