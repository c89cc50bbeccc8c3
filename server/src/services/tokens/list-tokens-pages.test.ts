import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tokenShares } from '../../db/schema'
import {
  createTestApp,
  insertTokenRow,
  seedUser,
  signedIn,
  type TestApp,
} from '../../test/test-app'

const DAY = 86_400_000
let t: TestApp
beforeEach(() => {
  t = createTestApp()
})
afterEach(() => t.destroy())

/**
 * The list's page statements are prepared per shape and page size, and "mine or shared" is two
 * pages merged in the server: walking the pages at any size gives the one order a single page has.
 */
describe('GET /api/tokens paging', () => {
  it('walks owned and shared tokens in the same order at every page size and sort', async () => {
    const ann = await seedUser(t, { email: 'ann@example.com' })
    const bob = await seedUser(t, { email: 'bob@example.com' })
    // Labels whose UTF-8 order differs from JavaScript's UTF-16 order (U+FFFD against an emoji).
    const labels = ['😀 deploy', '\uFFFD backup', 'alpha', 'Zulu', 'beta', 'émile', 'gamma']
    for (const [i, label] of labels.entries()) {
      const owner = i % 2 === 0 ? ann.id : bob.id
      const id = await insertTokenRow(
        t,
        owner,
        label,
        'personal',
        i % 3 ? t.clock() + i * DAY : null,
        {
          createdAt: t.clock() - i * 1000,
        },
      )
      if (owner === bob.id)
        await t.write((tx) =>
          tx.insert(tokenShares).values({
            tokenId: id,
            userId: ann.id,
            access: 'view',
            createdAt: 0,
            createdBy: bob.id,
          }),
        )
    }
    const agent = await signedIn(t, 'ann@example.com')
    for (const sort of ['expiry', 'label', 'created'] as const) {
      const walk = async (limit: number) => {
        const seen: string[] = []
        let cursor: string | undefined
        for (let n = 0; n < 20; n++) {
          const res = await agent.api.tokens.$get({
            query: { sort, limit: String(limit), ...(cursor ? { cursor } : {}) },
          })
          expect(res.status).toBe(200)
          const body = await res.json()
          expect(body.items.length).toBeLessThanOrEqual(limit)
          seen.push(...body.items.map((i) => i.label))
          if (!body.nextCursor) return seen
          cursor = body.nextCursor
        }
        throw new Error('paging did not end')
      }
      const whole = await walk(200)
      expect(whole).toHaveLength(labels.length)
      for (const limit of [1, 2, 3, 5])
        expect({ sort, limit, seen: await walk(limit) }).toEqual({
          sort,
          limit,
          seen: whole,
        })
      if (sort === 'label')
        expect(whole.indexOf('\uFFFD backup')).toBeLessThan(whole.indexOf('😀 deploy'))
    }
    const shared = await (await agent.api.tokens.$get({ query: { scope: 'shared' } })).json()
    expect(shared.items.map((i) => i.label).sort()).toEqual(
      labels.filter((_, i) => i % 2 === 1).sort(),
    )
  })
})
