import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { elapseForRateLimits } from '../../services/bot-keys/rate-limit-testing'
import { startTestEmulator } from '../../test/emulator-fixture'
import { errorOf, seedUser, serveTestApp, signedIn } from '../../test/test-app'

let hip: Awaited<ReturnType<typeof startTestEmulator>>
let t: Awaited<ReturnType<typeof serveTestApp>>
let owner: Awaited<ReturnType<typeof signedIn>>

beforeAll(async () => {
  hip = await startTestEmulator()
})
afterAll(() => hip.emulator.close())
beforeEach(async () => {
  hip.emulator.reset()
  t = await serveTestApp({
    TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url,
    TOKENDESK_BOT_BURST: '5',
    TOKENDESK_BOT_RATE_PER_MINUTE: '6',
  })
  await seedUser(t, { email: 'ann@example.com' })
  await seedUser(t, { email: 'bob@example.com' })
  owner = await signedIn(t, 'ann@example.com')
})
afterEach(() => t.stop())

const group = () => [...hip.emulator.state.directory.groups.values()][0] as { id: number }

async function addonToken() {
  const client = hip.emulator.registerClient({ groupId: group().id, scopes: ['send_notification'] })
  const inst = await (
    await owner.api.installations.$post({
      json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
    })
  ).json()
  return (
    await owner.api.installations[':id'].tokens.$post({
      param: { id: inst.id },
      json: { scopes: [] },
    })
  ).json()
}

async function createKey(tokenIds: string[], extra: { expiresAt?: string } = {}) {
  const res = await owner.api['bot-keys'].$post({
    json: { name: 'deploy bot', tokenIds, ...extra },
  })
  expect(res.status).toBe(201)
  return res.json()
}

type Access = {
  access_token: string
  token_type: string
  expires_at: string | null
  scopes: string[]
}
const json = async <T = Access>(res: Response) => (await res.json()) as T

const access = (id: string, key: string) =>
  fetch(`${t.url}/api/v1/tokens/${id}/access`, { headers: { authorization: `Bearer ${key}` } })

describe('bot API', () => {
  it('hands a bound token to a valid key, and nothing else', async () => {
    const token = await addonToken()
    const other = await addonToken()
    const created = await createKey([token.id])
    expect(created.key).toMatch(/^tdk_[\w-]{43}$/)
    const listed = await (await owner.api['bot-keys'].$get()).json()
    expect(JSON.stringify(listed)).not.toContain(created.key)
    expect(listed.items[0]).toMatchObject({
      name: 'deploy bot',
      keyPrefix: created.key.slice(0, 10),
      tokens: [{ id: token.id }],
      status: 'active',
    })

    const res = await access(token.id, created.key)
    expect(res.status).toBe(200)
    const body = await json(res)
    expect(Object.keys(body).sort()).toEqual(['access_token', 'expires_at', 'scopes', 'token_type'])
    expect(body).toMatchObject({
      token_type: 'bearer',
      scopes: ['send_notification'],
      expires_at: token.expiresAt,
    })
    expect(body.access_token).toMatch(/^[A-Za-z0-9]{40}$/)

    expect((await access(other.id, created.key)).status).toBe(404)
    expect((await access(token.id, 'tdk_wrong')).status).toBe(401)
    expect((await fetch(`${t.url}/api/v1/tokens/${token.id}/access`)).status).toBe(401)

    expect((await owner.api['bot-keys'][':id'].$delete({ param: { id: created.id } })).status).toBe(
      204,
    )
    expect((await access(token.id, created.key)).status).toBe(401)
  })

  it('refuses expired keys and binding tokens the owner may not use', async () => {
    const token = await addonToken()
    const created = await createKey([token.id], {
      expiresAt: new Date(t.clock() + 60_000).toISOString(),
    })
    t.clock.advance(60_001)
    expect((await access(token.id, created.key)).status).toBe(401)

    const bob = await signedIn(t, 'bob@example.com')
    expect(
      (await bob.api['bot-keys'].$post({ json: { name: 'x', tokenIds: [token.id] } })).status,
    ).toBe(404)
    await owner.api.tokens[':id'].shares.$post({
      param: { id: token.id },
      json: { email: 'bob@example.com', access: 'view' },
    })
    expect(
      (await bob.api['bot-keys'].$post({ json: { name: 'x', tokenIds: [token.id] } })).status,
    ).toBe(403)
    await owner.api.tokens[':id'].shares.$post({
      param: { id: token.id },
      json: { email: 'bob@example.com', access: 'use' },
    })
    const bobKey = await (
      await bob.api['bot-keys'].$post({ json: { name: 'x', tokenIds: [token.id] } })
    ).json()
    expect((await access(token.id, bobKey.key)).status).toBe(200)
    await owner.api.tokens[':id'].shares[':userId'].$delete({
      param: { id: token.id, userId: (await (await bob.api.auth.me.$get()).json()).id },
    })
    expect((await access(token.id, bobKey.key)).status).toBe(404)
  })

  it('rate-limits each key with 429 and Retry-After', async () => {
    const token = await addonToken()
    const { key } = await createKey([token.id])
    const statuses = []
    for (let i = 0; i < 6; i++) statuses.push((await access(token.id, key)).status)
    expect(statuses).toEqual([200, 200, 200, 200, 200, 429])
    const limited = await access(token.id, key)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect((await errorOf(limited)).code).toBe('too_many_requests')
    // 6 a minute: one more request after ten seconds, and only one.
    await elapseForRateLimits(t, 10_000)
    expect((await access(token.id, key)).status).toBe(200)
    expect((await access(token.id, key)).status).toBe(429)
  })

  it('refreshes a token about to expire exactly once for concurrent bots', async () => {
    const token = await addonToken()
    const { key } = await createKey([token.id])
    t.clock.advance(3600_000 - 30_000)
    const before = hip.emulator.counters().byGrant.client_credentials ?? 0
    const answers = await Promise.all(Array.from({ length: 5 }, () => access(token.id, key)))
    expect(answers.map((a) => a.status)).toEqual([200, 200, 200, 200, 200])
    const values = new Set(
      await Promise.all(answers.map(async (a) => (await json(a)).access_token)),
    )
    expect(values.size).toBe(1)
    expect(hip.emulator.counters().byGrant.client_credentials).toBe(before + 1)
  })

  it('records last use and an audit event per key and token', async () => {
    const token = await addonToken()
    const { id, key } = await createKey([token.id])
    await access(token.id, key)
    await access(token.id, key)
    await t.flushUsage()
    const listed = await (await owner.api['bot-keys'].$get()).json()
    expect(listed.items.find((k) => k.id === id)?.lastUsedIp).toBe('127.0.0.1')
    const events = await (
      await owner.api.tokens[':id'].audit.$get({ param: { id: token.id } })
    ).json()
    expect(events.items.find((e) => e.action === 'bot.access')?.detail).toMatchObject({
      keyId: id,
      count: 2,
    })
  })

  it('publishes an OpenAPI 3.1 document', async () => {
    const doc = await json<{ openapi: string; paths: object }>(
      await fetch(`${t.url}/api/v1/openapi.json`),
    )
    expect(doc.openapi).toBe('3.1.0')
    expect(Object.keys(doc.paths)).toEqual(['/tokens/{id}/access'])
  })
})
