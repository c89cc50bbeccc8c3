import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { closeDatabase, type Db, openSqlite, pgDb, sqliteDb, type Tx } from '../../db/client'
import { tokenShares, tokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import { DB_FILE } from '../../lib/boot'
import {
  createTestApp,
  insertTokenRow,
  seedUser,
  signedIn,
  type TestApp,
} from '../../test/test-app'

const DAY = 86_400_000
let t: TestApp
let ann: Awaited<ReturnType<typeof signedIn>>
let annId: string
let bobId: string
beforeEach(async () => {
  t = createTestApp()
  annId = (await seedUser(t, { email: 'ann@example.com' })).id
  bobId = (await seedUser(t, { email: 'bob@example.com' })).id
  ann = await signedIn(t, 'ann@example.com')
})
afterEach(() => t.destroy())

const list = async (query: Record<string, string> = {}) => {
  const res = await ann.api.tokens.$get({ query })
  expect(res.status).toBe(200)
  return (await res.json()).items.map((i) => ({ label: i.label, status: i.status }))
}

/** A write through another handle on the same database, as another server process would make. */
async function other(fn: (tx: Tx) => Promise<unknown>) {
  const url = t.deps.config.databaseUrl
  const file = join(t.dir, DB_FILE)
  const db: Db = url ? pgDb({ url, poolSize: 1 }) : sqliteDb(openSqlite(file), file)
  try {
    await transaction(db, async (tx) => {
      await fn(tx)
    })
  } finally {
    await closeDatabase(db)
  }
}

/**
 * The list keeps recent pages' rows until the database changes (list-tokens, db-changes): every
 * answer must still be what a fresh read would give, at the first request after any change.
 */
describe('GET /api/tokens with recent pages remembered', () => {
  it('shows a change made through the API at the next request', async () => {
    const id = await insertTokenRow(t, annId, 'before', 'personal', t.clock() + 30 * DAY)
    expect(await list()).toEqual([{ label: 'before', status: 'valid' }])
    expect(await list()).toEqual([{ label: 'before', status: 'valid' }])
    const renamed = await ann.api.tokens[':id'].$patch({ param: { id }, json: { label: 'after' } })
    expect(renamed.status).toBe(200)
    expect(await list()).toEqual([{ label: 'after', status: 'valid' }])
  })

  it('shows tokens added, renamed and unshared by another connection at the next request', async () => {
    const shared = await insertTokenRow(t, bobId, 'bob’s', 'personal', t.clock() + 40 * DAY)
    await other((tx) =>
      tx
        .insert(tokenShares)
        .values({ tokenId: shared, userId: annId, access: 'use', createdAt: 0, createdBy: bobId }),
    )
    const mine = await insertTokenRow(t, annId, 'mine', 'personal', t.clock() + 30 * DAY)
    expect((await list()).map((i) => i.label)).toEqual(['mine', 'bob’s'])
    await other((tx) => tx.update(tokens).set({ label: 'renamed' }).where(eq(tokens.id, mine)))
    expect((await list()).map((i) => i.label)).toEqual(['renamed', 'bob’s'])
    await other((tx) => tx.delete(tokenShares).where(eq(tokenShares.tokenId, shared)))
    expect((await list()).map((i) => i.label)).toEqual(['renamed'])
  })

  it('works statuses out with the clock on remembered rows, and never remembers a status filter', async () => {
    // Steps of 10 s: under the session's 30 s touch, so no write happens in between.
    await insertTokenRow(t, annId, 'sooner', 'personal', t.clock() + 20_000)
    await insertTokenRow(t, annId, 'soon', 'personal', t.clock() + 14 * DAY + 10_000)
    const statuses = async (query: Record<string, string> = {}) =>
      Object.fromEntries((await list(query)).map((i) => [i.label, i.status]))
    expect(await statuses()).toEqual({ sooner: 'expiring', soon: 'valid' })
    expect(await statuses({ status: 'expiring' })).toEqual({ sooner: 'expiring' })
    expect(await statuses({ status: 'expired' })).toEqual({})
    t.clock.advance(10_000)
    expect(await statuses()).toEqual({ sooner: 'expiring', soon: 'expiring' })
    expect(await statuses({ status: 'expiring' })).toEqual({ sooner: 'expiring', soon: 'expiring' })
    t.clock.advance(10_000)
    expect(await statuses()).toEqual({ sooner: 'expired', soon: 'expiring' })
    expect(await statuses({ status: 'expiring' })).toEqual({ soon: 'expiring' })
    expect(await statuses({ status: 'expired' })).toEqual({ sooner: 'expired' })
  })

  it('keeps each person’s pages apart', async () => {
    await insertTokenRow(t, annId, 'ann’s', 'personal', t.clock() + 30 * DAY)
    await insertTokenRow(t, bobId, 'bob’s', 'personal', t.clock() + 30 * DAY)
    const bob = await signedIn(t, 'bob@example.com')
    expect((await list()).map((i) => i.label)).toEqual(['ann’s'])
    const bobs = await (await bob.api.tokens.$get({ query: {} })).json()
    expect(bobs.items.map((i) => i.label)).toEqual(['bob’s'])
    expect((await list()).map((i) => i.label)).toEqual(['ann’s'])
  })
})
