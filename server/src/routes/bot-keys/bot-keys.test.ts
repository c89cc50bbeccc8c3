import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditEvents, botKeyFailures, botKeys, botKeyTokens, tokenShares } from '../../db/schema'
import { STEP_UP_MS } from '../../middleware/step-up'
import { elapseForRateLimits } from '../../services/bot-keys/rate-limit-testing'
import { REFUSALS_PER_MINUTE } from '../../services/bot-keys/usage-recorder'
import { errorOf, insertTokenRow, seedUser, serveTestApp, signedIn } from '../../test/test-app'

let t: Awaited<ReturnType<typeof serveTestApp>>
let ann: Awaited<ReturnType<typeof signedIn>>
let annId: string
let bobId: string
let deploy: string
let backup: string

beforeEach(async () => {
  t = await serveTestApp({ TOKENDESK_BOT_BURST: '3', TOKENDESK_BOT_RATE_PER_MINUTE: '3' })
  annId = (await seedUser(t, { email: 'ann@example.com' })).id
  bobId = (await seedUser(t, { email: 'bob@example.com' })).id
  ann = await signedIn(t, 'ann@example.com')
  deploy = await insertTokenRow(t, annId, 'Deploy', 'personal', null)
  backup = await insertTokenRow(t, annId, 'Backup', 'personal', null)
})
afterEach(() => t.stop())

const HOUR = 3_600_000

async function createKey(tokenIds: string[], expiresAt?: string) {
  const res = await ann.api['bot-keys'].$post({ json: { name: 'deploy-bot', tokenIds, expiresAt } })
  expect(res.status).toBe(201)
  return res.json()
}

const rotate = (id: string, graceMinutes: number, expiresAt?: string | null) =>
  ann.api['bot-keys'][':id'].rotate.$post({ param: { id }, json: { graceMinutes, expiresAt } })

const rebind = (id: string, tokenIds: string[]) =>
  ann.api['bot-keys'][':id'].tokens.$put({ param: { id }, json: { tokenIds } })

const access = (tokenId: string, key: string) =>
  fetch(`${t.url}/api/v1/tokens/${tokenId}/access`, {
    headers: { authorization: `Bearer ${key}` },
  })

const listed = async () => (await (await ann.api['bot-keys'].$get()).json()).items
const keyView = async (id: string) => (await listed()).find((k) => k.id === id)

const failures = async (id: string) => {
  await t.flushUsage()
  const res = await ann.api['bot-keys'][':id'].failures.$get({ param: { id } })
  expect(res.status).toBe(200)
  return (await res.json()).items
}

/** The step-up window passes: the next guarded call needs the password again. */
const stale = () => t.clock.advance(STEP_UP_MS + 1)
const reauth = async () =>
  expect(
    (await ann.api.auth.reauth.$post({ json: { password: 'correct horse battery' } })).status,
  ).toBe(204)

const rowCounts = async () => ({
  keys: (await t.db.select().from(botKeys)).length,
  bindings: (await t.db.select().from(botKeyTokens)).length,
})

describe('creating a key', () => {
  it('refuses an expiry that is already past, and creates nothing', async () => {
    const res = await ann.api['bot-keys'].$post({
      json: { name: 'x', tokenIds: [deploy], expiresAt: new Date(t.clock() - 1).toISOString() },
    })
    expect(res.status).toBe(400)
    expect(await errorOf(res)).toMatchObject({
      code: 'validation_failed',
      issues: [{ path: 'expiresAt', message: 'Must be in the future' }],
    })
    expect(await rowCounts()).toEqual({ keys: 0, bindings: 0 })
  })
})

describe('rotating a key', () => {
  it('makes a new key for the same tokens; the old one works through the grace, then stops', async () => {
    const old = await createKey([deploy, backup])
    const res = await rotate(old.id, 60, new Date(t.clock() + 30 * 24 * HOUR).toISOString())
    expect(res.status).toBe(201)
    const fresh = await res.json()
    expect(fresh.key).toMatch(/^tdk_/)
    expect(fresh.key).not.toBe(old.key)
    expect(fresh).toMatchObject({ name: 'deploy-bot', rotatedFrom: old.id, status: 'active' })
    expect(fresh.tokens.map((tk) => tk.id).sort()).toEqual([deploy, backup].sort())
    expect(JSON.stringify(await listed())).not.toContain(fresh.key)

    expect(await keyView(old.id)).toMatchObject({
      replacedBy: fresh.id,
      status: 'active',
      expiresAt: new Date(t.clock() + HOUR).toISOString(),
    })
    expect((await access(deploy, old.key)).status).toBe(200)
    expect((await access(backup, fresh.key)).status).toBe(200)

    await elapseForRateLimits(t, HOUR - 1)
    expect((await access(deploy, old.key)).status).toBe(200)
    await elapseForRateLimits(t, 1)
    expect((await access(deploy, old.key)).status).toBe(401)
    expect((await access(deploy, fresh.key)).status).toBe(200)
    ann = await signedIn(t, 'ann@example.com') // an hour idle ended the session
    expect((await keyView(old.id))?.status).toBe('expired')
    expect(await failures(old.id)).toEqual([
      expect.objectContaining({ status: 401, code: 'key_expired', tokenId: deploy }),
    ])

    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'bot_key.rotated'))
    expect(audit).toMatchObject({ actorId: annId, targetType: 'bot_key', targetId: fresh.id })
    expect(JSON.parse(audit?.detail ?? '{}')).toMatchObject({ from: old.id, graceMinutes: 60 })
  })

  it('stops the old key at once with no grace, and never lengthens an earlier expiry', async () => {
    const soon = await createKey([deploy], new Date(t.clock() + 10 * 60_000).toISOString())
    const rotated = await (await rotate(soon.id, 24 * 60)).json()
    expect((await keyView(soon.id))?.expiresAt).toBe(
      new Date(t.clock() + 10 * 60_000).toISOString(),
    )
    expect(rotated.expiresAt).toBeNull()

    const now = await (await rotate(rotated.id, 0)).json()
    expect((await access(deploy, rotated.key)).status).toBe(401)
    expect((await access(deploy, now.key)).status).toBe(200)
    expect((await keyView(rotated.id))?.status).toBe('expired')
  })

  it('replaces a key once: a second rotation, a revoked key or a foreign key is refused', async () => {
    const old = await createKey([deploy])
    expect((await rotate(old.id, 60)).status).toBe(201)
    const before = await rowCounts()
    const again = await rotate(old.id, 60)
    expect(again.status).toBe(409)
    expect((await errorOf(again)).message).toMatch(/already replaced/)

    const other = await createKey([backup])
    await ann.api['bot-keys'][':id'].$delete({ param: { id: other.id } })
    expect((await rotate(other.id, 60)).status).toBe(409)

    const bob = await signedIn(t, 'bob@example.com')
    const foreign = await bob.api['bot-keys'][':id'].rotate.$post({
      param: { id: old.id },
      json: { graceMinutes: 60 },
    })
    expect(foreign.status).toBe(404)
    expect(await rowCounts()).toEqual({ keys: before.keys + 1, bindings: before.bindings + 1 })
  })

  it('asks for the password again when it is not recent, and refuses bad input', async () => {
    const old = await createKey([deploy])
    stale()
    const before = await rowCounts()
    const refused = await rotate(old.id, 60)
    expect(refused.status).toBe(401)
    expect((await errorOf(refused)).code).toBe('reauth_required')
    expect(await rowCounts()).toEqual(before)
    expect((await keyView(old.id))?.expiresAt).toBeNull()

    await reauth()
    for (const bad of [-1, 1.5, 31 * 24 * 60]) expect((await rotate(old.id, bad)).status).toBe(400)
    expect((await rotate(old.id, 60, new Date(t.clock()).toISOString())).status).toBe(400)
    expect(await rowCounts()).toEqual(before)
    expect((await rotate(old.id, 60)).status).toBe(201)
  })

  it('carries over only the tokens the owner may still use', async () => {
    const bobs = await insertTokenRow(t, bobId, 'Bob shared', 'personal', null)
    await t.write((tx) =>
      tx.insert(tokenShares).values({
        tokenId: bobs,
        userId: annId,
        access: 'use',
        createdAt: t.clock(),
        createdBy: bobId,
      }),
    )
    const old = await createKey([deploy, bobs])
    await t.write((tx) =>
      tx.update(tokenShares).set({ access: 'view' }).where(eq(tokenShares.tokenId, bobs)),
    )
    const fresh = await (await rotate(old.id, 60)).json()
    expect(fresh.tokens.map((tk) => tk.id)).toEqual([deploy])
  })
})

describe('changing the tokens of a key', () => {
  it('needs a recent password, then binds and unbinds', async () => {
    const key = await createKey([deploy])
    stale()
    const refused = await rebind(key.id, [backup])
    expect(refused.status).toBe(401)
    expect((await errorOf(refused)).code).toBe('reauth_required')
    expect((await keyView(key.id))?.tokens.map((tk) => tk.id)).toEqual([deploy])

    await reauth()
    const res = await rebind(key.id, [backup])
    expect(res.status).toBe(200)
    expect((await res.json()).tokens.map((tk) => tk.id)).toEqual([backup])
    expect((await access(backup, key.key)).status).toBe(200)
    expect((await access(deploy, key.key)).status).toBe(404)

    const [audit] = await t.db
      .select()
      .from(auditEvents)
      .where(eq(auditEvents.action, 'bot_key.tokens_changed'))
    expect(JSON.parse(audit?.detail ?? '{}')).toEqual({ added: [backup], removed: [deploy] })
  })

  it('refuses tokens the owner may not bind, empty lists, and revoked or foreign keys', async () => {
    const key = await createKey([deploy])
    const bobs = await insertTokenRow(t, bobId, 'Bob private', 'personal', null)
    expect((await rebind(key.id, [deploy, bobs])).status).toBe(404)
    await t.write((tx) =>
      tx.insert(tokenShares).values({
        tokenId: bobs,
        userId: annId,
        access: 'view',
        createdAt: t.clock(),
        createdBy: bobId,
      }),
    )
    expect((await rebind(key.id, [bobs])).status).toBe(403)
    expect((await rebind(key.id, [])).status).toBe(400)
    expect((await keyView(key.id))?.tokens.map((tk) => tk.id)).toEqual([deploy])

    const bob = await signedIn(t, 'bob@example.com')
    const foreign = await bob.api['bot-keys'][':id'].tokens.$put({
      param: { id: key.id },
      json: { tokenIds: [bobs] },
    })
    expect(foreign.status).toBe(404)

    await ann.api['bot-keys'][':id'].$delete({ param: { id: key.id } })
    expect((await rebind(key.id, [backup])).status).toBe(409)
    expect((await keyView(key.id))?.tokens.map((tk) => tk.id)).toEqual([deploy])
  })
})

describe('refused bot calls', () => {
  it('are recorded per known key with status, reason, token and address, never the key', async () => {
    const key = await createKey([deploy])
    expect((await access(backup, key.key)).status).toBe(404)
    await elapseForRateLimits(t, 60_000)
    for (let i = 0; i < 3; i++) expect((await access(deploy, key.key)).status).toBe(200)
    expect((await access(deploy, key.key)).status).toBe(429)
    await ann.api['bot-keys'][':id'].$delete({ param: { id: key.id } })
    t.clock.advance(1)
    expect((await access(deploy, key.key)).status).toBe(401)

    // Unknown keys and malformed ones belong to no key: nothing to record.
    expect((await access(deploy, `tdk_${'x'.repeat(43)}`)).status).toBe(401)
    expect((await access(deploy, 'nonsense')).status).toBe(401)

    const items = await failures(key.id)
    expect(items.map((f) => [f.status, f.code, f.tokenId])).toEqual([
      [401, 'key_revoked', deploy],
      [429, 'rate_limited', deploy],
      [404, 'token_not_found', backup],
    ])
    expect(items[0]?.ip).toMatch(/127\.0\.0\.1$/)
    expect((await t.db.select().from(botKeyFailures)).length).toBe(3)
    const stored = JSON.stringify(await t.db.select().from(botKeyFailures))
    expect(stored).not.toContain(key.key)
    expect((await keyView(key.id))?.lastRefusedAt).toBe(items[0]?.at)
  })

  it('records at most 10 a minute per key, then again in the next minute', async () => {
    const key = await createKey([deploy])
    const other = await createKey([backup])
    // 404 until the burst is used up, 429 after: each is a refusal.
    for (let i = 0; i < REFUSALS_PER_MINUTE + 5; i++)
      expect([404, 429]).toContain((await access(backup, key.key)).status)
    expect((await access(deploy, other.key)).status).toBe(404)
    expect(await failures(key.id)).toHaveLength(REFUSALS_PER_MINUTE)
    expect(await failures(other.id)).toHaveLength(1)

    await elapseForRateLimits(t, 60_000)
    expect((await access(backup, key.key)).status).toBe(404)
    expect(await failures(key.id)).toHaveLength(REFUSALS_PER_MINUTE + 1)
  })

  it('are shown to the key owner only', async () => {
    const key = await createKey([deploy])
    const bob = await signedIn(t, 'bob@example.com')
    const res = await bob.api['bot-keys'][':id'].failures.$get({ param: { id: key.id } })
    expect(res.status).toBe(404)
  })
})
