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
let annId: string
let bobId: string

const insertToken = (
  ownerId: string,
  label: string,
  kind: 'personal' | 'addon',
  expiresAt: number | null,
  status: 'active' | 'revoked' | 'needs_reauth' = 'active',
) => insertTokenRow(t, ownerId, label, kind, expiresAt, { status })

const shareWithAnn = (tokenId: string) =>
  t.write((tx) =>
    tx
      .insert(tokenShares)
      .values({ tokenId, userId: annId, access: 'view', createdAt: 0, createdBy: bobId }),
  )

beforeEach(async () => {
  t = createTestApp()
  annId = (await seedUser(t, { email: 'ann@example.com' })).id
  bobId = (await seedUser(t, { email: 'bob@example.com' })).id
  await seedUser(t, { email: 'admin@example.com', role: 'admin' })
})
afterEach(() => t.destroy())

describe('GET /api/tokens', () => {
  it('filters by every status at its boundaries', async () => {
    const now = t.clock()
    const ids = {
      valid: await insertToken(annId, 'valid', 'personal', now + 14 * DAY + 1),
      expiring: await insertToken(annId, 'expiring', 'personal', now + 14 * DAY),
      shortValid: await insertToken(annId, 'short valid', 'addon', now + 10 * 60_000 + 1),
      shortExpiring: await insertToken(annId, 'short expiring', 'addon', now + 10 * 60_000),
      expired: await insertToken(annId, 'expired', 'personal', now),
      unknown: await insertToken(annId, 'unknown', 'personal', null),
      revoked: await insertToken(annId, 'revoked', 'personal', now + DAY, 'revoked'),
      reauth: await insertToken(annId, 'reauth', 'addon', now - DAY, 'needs_reauth'),
    }
    const ann = await signedIn(t, 'ann@example.com')
    const labels = async (
      status: 'valid' | 'expiring' | 'expired' | 'unknown_expiry' | 'revoked' | 'needs_reauth',
    ) => {
      const body = await (await ann.api.tokens.$get({ query: { status } })).json()
      for (const item of body.items) expect(item.status).toBe(status)
      return body.items.map((i) => i.label).sort()
    }
    expect(await labels('valid')).toEqual(['short valid', 'valid'])
    expect(await labels('expiring')).toEqual(['expiring', 'short expiring'])
    expect(await labels('expired')).toEqual(['expired'])
    expect(await labels('unknown_expiry')).toEqual(['unknown'])
    expect(await labels('revoked')).toEqual(['revoked'])
    expect(await labels('needs_reauth')).toEqual(['reauth'])
    expect(Object.keys(ids)).toHaveLength(8)
  })

  it('pages by expiry with a cursor, unknown expiry last, without gaps or repeats', async () => {
    const now = t.clock()
    for (let i = 0; i < 120; i++)
      await insertToken(annId, `t${i}`, 'personal', i % 10 === 0 ? null : now + (i % 7) * DAY)
    const ann = await signedIn(t, 'ann@example.com')
    const seen: string[] = []
    const expiries: (string | null)[] = []
    let cursor: string | undefined
    do {
      const query: Record<string, string> = { limit: '25', ...(cursor ? { cursor } : {}) }
      const page = await (await ann.api.tokens.$get({ query })).json()
      seen.push(...page.items.map((i) => i.id))
      expiries.push(...page.items.map((i) => i.expiresAt))
      cursor = page.nextCursor ?? undefined
    } while (cursor)
    expect(new Set(seen).size).toBe(120)
    const known = expiries.filter((e): e is string => e !== null)
    expect(known).toEqual([...known].sort())
    expect(expiries.slice(known.length).every((e) => e === null)).toBe(true)
  })

  it('merges owned and shared tokens page by page in one order, by expiry and by label', async () => {
    const now = t.clock()
    for (let i = 0; i < 60; i++) {
      await insertToken(
        annId,
        `ann ${String(i).padStart(2, '0')}`,
        'personal',
        i % 9 === 0 ? null : now + ((i * 7) % 13) * DAY,
      )
      const shared = await insertToken(
        bobId,
        `bob ${String(i).padStart(2, '0')}`,
        'personal',
        now + ((i * 5) % 11) * DAY,
      )
      await shareWithAnn(shared)
    }
    await insertToken(bobId, 'bob private', 'personal', now)
    const ann = await signedIn(t, 'ann@example.com')
    for (const sort of ['expiry', 'label'] as const) {
      const seen: { id: string; label: string; expiresAt: string | null }[] = []
      let cursor: string | undefined
      do {
        const query: Record<string, string> = { limit: '25', sort, ...(cursor ? { cursor } : {}) }
        const page = await (await ann.api.tokens.$get({ query })).json()
        seen.push(...page.items)
        cursor = page.nextCursor ?? undefined
      } while (cursor)
      expect(seen).toHaveLength(120)
      expect(new Set(seen.map((r) => r.id)).size).toBe(120)
      expect(seen.some((r) => r.label === 'bob private')).toBe(false)
      const keys = seen.map((r) => (sort === 'label' ? r.label : (r.expiresAt ?? '9999')))
      expect(keys).toEqual([...keys].sort())
    }
  })

  it('scopes mine / shared / all, searches labels literally and sorts by label', async () => {
    await insertToken(annId, 'alpha 100%', 'personal', null)
    await insertToken(annId, 'beta', 'addon', null)
    const bobs = await insertToken(bobId, 'bob secret', 'personal', null)
    await shareWithAnn(bobs)
    const ann = await signedIn(t, 'ann@example.com')
    const labels = async (query: Record<string, string>) =>
      (await (await ann.api.tokens.$get({ query })).json()).items.map((i) => i.label)
    expect(await labels({ sort: 'label' })).toEqual(['alpha 100%', 'beta', 'bob secret'])
    expect(await labels({ scope: 'mine', sort: 'label' })).toEqual(['alpha 100%', 'beta'])
    expect(await labels({ scope: 'shared' })).toEqual(['bob secret'])
    expect(await labels({ scope: 'all', sort: 'label' })).toEqual([
      'alpha 100%',
      'beta',
      'bob secret',
    ])
    expect(await labels({ q: '100%' })).toEqual(['alpha 100%'])
    expect(await labels({ q: 'ALPHA', sort: 'label' })).toEqual(['alpha 100%'])
    expect(await labels({ q: 'Bob S' })).toEqual(['bob secret'])
    expect(await labels({ q: '%' })).toEqual(['alpha 100%'])
    expect(await labels({ kind: 'addon' })).toEqual(['beta'])
    const admin = await signedIn(t, 'admin@example.com')
    expect((await (await admin.api.tokens.$get({ query: {} })).json()).items).toHaveLength(3)
    const bad = await ann.api.tokens.$get({ query: { cursor: 'garbage' } })
    expect(bad.status).toBe(400)
    const foreign = await ann.fetch(`http://127.0.0.1:8080/api/tokens?ownerId=${bobId}`)
    expect(((await foreign.json()) as { items: unknown[] }).items).toHaveLength(3)
  })
})
