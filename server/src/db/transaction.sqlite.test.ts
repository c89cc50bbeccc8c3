import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createTestApp, type TestApp } from '../test/test-app'
import { sqliteConnections } from './client'
import { transaction } from './transaction'

let t: TestApp
beforeEach(() => {
  t = createTestApp()
})
afterEach(() => t.destroy())

const synchronous = () => sqliteConnections(t.db)?.writer.pragma('synchronous', { simple: true })

describe('transaction on SQLite', () => {
  it('commits without waiting for the disk only when told to, and is FULL again after', async () => {
    expect(synchronous()).toBe(2)
    expect(await transaction(t.db, async () => synchronous(), { durable: false })).toBe(1)
    expect(synchronous()).toBe(2)
    expect(await transaction(t.db, async () => synchronous())).toBe(2)
    // Also after a rollback.
    await expect(
      transaction(
        t.db,
        async () => {
          throw new Error('rolled back')
        },
        { durable: false },
      ),
    ).rejects.toThrow('rolled back')
    expect(synchronous()).toBe(2)
  })

  it('a durable write queued behind a lossy one runs with FULL', async () => {
    const [lossy, durable] = await Promise.all([
      transaction(t.db, async () => synchronous(), { durable: false }),
      transaction(t.db, async () => synchronous()),
    ])
    expect([lossy, durable]).toEqual([1, 2])
  })
})
