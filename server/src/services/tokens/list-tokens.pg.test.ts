import { is, Placeholder } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { pgPool } from '../../db/client'
import { tokenShares, tokens } from '../../db/schema'
import { createTestApp, seedUser, type TestApp } from '../../test/test-app'
import { pageStatement } from './list-tokens'
import { seal } from './token-secrets'

let t: TestApp
beforeEach(() => {
  t = createTestApp()
})
afterEach(() => t.destroy())

const DAY = 86_400_000

describe('the token list on PostgreSQL', () => {
  it('reads "mine or shared" as two index walks, not a scan and sort of the table', async () => {
    const people = await Promise.all(
      Array.from({ length: 20 }, (_, i) => seedUser(t, { email: `p${i}@example.com` })),
    )
    const ann = people[0]?.id ?? ''
    const rows: (typeof tokens.$inferInsert)[] = []
    for (let i = 0; i < 4000; i++) {
      const id = `tok${String(i).padStart(5, '0')}`
      const ownerId = people[i % people.length]?.id ?? ''
      rows.push({
        id,
        ownerId,
        kind: 'personal',
        label: `token ${i}`,
        providerUrl: 'https://api.hipchat.com/v2/',
        scopes: [],
        accessTokenEnc: seal(t.deps.keyring, { id, ownerId }, 'access_token', `value-${i}`),
        fingerprint: id,
        expiresAt: i % 5 ? t.clock() + (i % 97) * DAY : null,
        createdAt: t.clock(),
        updatedAt: t.clock(),
      })
    }
    await t.write(async (tx) => {
      for (let i = 0; i < rows.length; i += 500)
        await tx.insert(tokens).values(rows.slice(i, i + 500))
      await tx.insert(tokenShares).values(
        rows
          .filter((r) => r.ownerId !== ann)
          .slice(0, 30)
          .map((r) => ({
            tokenId: r.id,
            userId: ann,
            access: 'view' as const,
            createdAt: 0,
            createdBy: r.ownerId,
          })),
      )
    })
    const pool = pgPool(t.db)
    if (!pool) throw new Error('expected PostgreSQL')
    await pool.query('analyze')
    const page = pageStatement(t.db, {
      visibility: 'mine_or_shared',
      sort: 'expiry',
      kind: false,
      status: undefined,
      search: false,
      cursor: false,
      limit: 51,
    })
    const values: Record<string, unknown> = { userId: ann }
    const plan = await pool.query<{ 'QUERY PLAN': string }>(
      `explain ${page.sql}`,
      page.params.map((p) => (is(p, Placeholder) ? values[p.name] : p)),
    )
    const text = plan.rows.map((r) => r['QUERY PLAN']).join('\n')
    expect(text).toContain('tokens_owner_expiry_idx')
    expect(text).not.toMatch(/Seq Scan on tokens/)
  })
})
