import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
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

/** Another connection to the same file, as another server process would have. */
function other<T>(fn: (db: Database.Database) => T) {
  const db = new Database(join(t.dir, DB_FILE))
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

/**
 * The list keeps recent pages' rows until the database changes (list-tokens, db-changes): every
 * answer must still be what a fresh read would give, at the first request after any change.
 */
describe('GET /api/tokens with recent pages remembered', () => {
  it('shows a change made through the API at the next request', async () => {
    const id = insertTokenRow(t, annId, 'before', 'personal', t.clock() + 30 * DAY)
    expect(await list()).toEqual([{ label: 'before', status: 'valid' }])
    expect(await list()).toEqual([{ label: 'before', status: 'valid' }])
    const renamed = await ann.api.tokens[':id'].$patch({ param: { id }, json: { label: 'after' } })
    expect(renamed.status).toBe(200)
    expect(await list()).toEqual([{ label: 'after', status: 'valid' }])
  })

  it('shows tokens added, renamed and unshared by another connection at the next request', async () => {
    const shared = insertTokenRow(t, bobId, 'bob’s', 'personal', t.clock() + 40 * DAY)
    other((db) =>
      db
        .prepare(
          "insert into token_shares (token_id, user_id, access, created_at, created_by) values (?, ?, 'use', 0, ?)",
        )
        .run(shared, annId, bobId),
    )
    const mine = insertTokenRow(t, annId, 'mine', 'personal', t.clock() + 30 * DAY)
    expect((await list()).map((i) => i.label)).toEqual(['mine', 'bob’s'])
    other((db) => db.prepare('update tokens set label = ? where id = ?').run('renamed', mine))
    expect((await list()).map((i) => i.label)).toEqual(['renamed', 'bob’s'])
    other((db) => db.prepare('delete from token_shares where token_id = ?').run(shared))
    expect((await list()).map((i) => i.label)).toEqual(['renamed'])
  })

  it('works statuses out with the clock on remembered rows, and never remembers a status filter', async () => {
    // Steps of 10 s: under the session's 30 s touch, so no write happens in between.
    insertTokenRow(t, annId, 'sooner', 'personal', t.clock() + 20_000)
    insertTokenRow(t, annId, 'soon', 'personal', t.clock() + 14 * DAY + 10_000)
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
    insertTokenRow(t, annId, 'ann’s', 'personal', t.clock() + 30 * DAY)
    insertTokenRow(t, bobId, 'bob’s', 'personal', t.clock() + 30 * DAY)
    const bob = await signedIn(t, 'bob@example.com')
    expect((await list()).map((i) => i.label)).toEqual(['ann’s'])
    const bobs = await (await bob.api.tokens.$get({ query: {} })).json()
    expect(bobs.items.map((i) => i.label)).toEqual(['bob’s'])
    expect((await list()).map((i) => i.label)).toEqual(['ann’s'])
  })
})
