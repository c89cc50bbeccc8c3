import { is, Placeholder } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { sqliteConnections } from '../../db/client'
import { createTestApp, seedUser, type TestApp } from '../../test/test-app'
import { pageStatement } from './list-tokens'

let t: TestApp
beforeEach(() => {
  t = createTestApp()
})
afterEach(() => t.destroy())

describe('the token list on SQLite', () => {
  it('uses the owner/expiry index for the first page', async () => {
    const ann = await seedUser(t, { email: 'ann@example.com' })
    const page = pageStatement(t.db, {
      visibility: 'mine',
      sort: 'expiry',
      kind: false,
      status: undefined,
      search: false,
      cursor: false,
      limit: 51,
    })
    const values: Record<string, unknown> = { userId: ann.id }
    const plan = sqliteConnections(t.db)
      ?.reader.prepare(`explain query plan ${page.sql}`)
      .all(...page.params.map((p) => (is(p, Placeholder) ? values[p.name] : p))) as {
      detail: string
    }[]
    const details = plan.map((p) => p.detail).join(' ')
    expect(details).toContain('tokens_owner_expiry_idx')
    expect(details).not.toContain('TEMP B-TREE')
  })
})
