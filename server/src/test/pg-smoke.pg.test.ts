import { afterEach, describe, expect, it } from 'vitest'
import { dialectOf } from '../db/client'
import { DIALECT, users } from '../db/schema'
import { createTestApp, seedUser, type TestApp } from './test-app'

describe('PostgreSQL test setup', () => {
  let t: TestApp | undefined
  afterEach(async () => {
    await t?.destroy()
    t = undefined
  })

  it('gives each test app its own copy of the migrated template', async () => {
    expect(DIALECT).toBe('pg')
    t = createTestApp()
    expect(dialectOf(t.db)).toBe('pg')
    expect(await t.db.select().from(users)).toEqual([])
    await seedUser(t, { email: 'smoke@example.test' })
    expect((await t.db.select({ email: users.email }).from(users)).map((u) => u.email)).toEqual([
      'smoke@example.test',
    ])
    const other = createTestApp()
    try {
      expect(await other.db.select().from(users)).toEqual([])
    } finally {
      await other.destroy()
    }
  })
})
