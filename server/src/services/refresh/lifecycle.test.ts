import { and, asc, eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { auditEvents } from '../../db/schema'
import { approveAtEmulator } from '../../test/emulator-fixture'
import { useEmulatorWorld } from '../../test/emulator-world'
import { leaseHeld } from '../../test/lease-held'
import { errorOf, signedIn } from '../../test/test-app'

/** Issue #13: one exchange per need, the right actor on record, a due rule that scales. */
const w = useEmulatorWorld({
  people: [
    { email: 'owen@example.com', name: 'Owen' },
    { email: 'bob@example.com', name: 'Bob' },
    { email: 'admin@example.com', name: 'Ada', role: 'admin' },
  ],
  env: { TOKENDESK_BOT_RATE_PER_MINUTE: '100000', TOKENDESK_BOT_BURST: '1000' },
  emulator: { addonTtl: 4 },
})

const group = () => [...w.hip.emulator.state.directory.groups.values()][0] as { id: number }
const hipUser = () => w.hip.emulator.state.directory.usersOf(group().id)[0] as { id: number }
const grants = (grant: string) => w.hip.emulator.counters().byGrant[grant] ?? 0

async function installation() {
  const client = w.hip.emulator.registerClient({ groupId: group().id, scopes: ['view_room'] })
  const res = await w.agent.api.installations.$post({
    json: { ...client, capabilitiesUrl: w.hip.emulator.capabilitiesUrl },
  })
  expect(res.status).toBe(201)
  return res.json()
}

async function addonToken() {
  const inst = await installation()
  const res = await w.agent.api.installations[':id'].tokens.$post({
    param: { id: inst.id },
    json: { scopes: ['view_room'] },
  })
  expect(res.status).toBe(201)
  return (await res.json()).id
}

async function userToken() {
  const inst = await installation()
  const start = await w.agent.fetch(`${w.t.url}/api/installations/${inst.id}/authorize`, {
    redirect: 'manual',
  })
  const callback = await approveAtEmulator(
    w.hip.emulator.url,
    start.headers.get('location') ?? '',
    hipUser().id,
  )
  const done = await w.agent.fetch(callback, { redirect: 'manual' })
  return /\/tokens\/([\w-]+)/.exec(done.headers.get('location') ?? '')?.[1] ?? ''
}

async function botKey(agent: typeof w.agent, tokenId: string) {
  const res = await agent.api['bot-keys'].$post({
    json: { name: 'deploy-bot', tokenIds: [tokenId] },
  })
  expect(res.status).toBe(201)
  return (await res.json()).key
}

type BotAccess = { access_token: string }
const botRead = (key: string, id: string) =>
  fetch(`${w.t.url}/api/v1/tokens/${id}/access`, { headers: { authorization: `Bearer ${key}` } })

const refreshAudit = (id: string) =>
  w.t.db
    .select({ actorId: auditEvents.actorId, actorType: auditEvents.actorType })
    .from(auditEvents)
    .where(and(eq(auditEvents.action, 'token.refreshed'), eq(auditEvents.targetId, id)))
    .orderBy(asc(auditEvents.id))

describe('refresh since I looked', () => {
  it('50 concurrent presses with the same generation make exactly one exchange', async () => {
    const id = await userToken()
    const seen = await (await w.agent.api.tokens[':id'].$get({ param: { id } })).json()
    const before = grants('refresh_token')
    const answers = await Promise.all(
      Array.from({ length: 50 }, () =>
        w.agent.api.tokens[':id'].refresh.$post({
          param: { id },
          json: { generation: seen.generation },
        }),
      ),
    )
    expect(answers.map((a) => a.status)).toEqual(Array(50).fill(200))
    expect(grants('refresh_token')).toBe(before + 1)
    const bodies = await Promise.all(answers.map((a) => a.json()))
    expect(new Set(bodies.map((b) => b.expiresAt)).size).toBe(1)
    expect(new Set(bodies.map((b) => b.generation))).toEqual(new Set([seen.generation + 1]))

    // A late press from a page that still shows the old generation: no exchange.
    const late = await w.agent.api.tokens[':id'].refresh.$post({
      param: { id },
      json: { generation: seen.generation },
    })
    expect((await late.json()).generation).toBe(seen.generation + 1)
    expect(grants('refresh_token')).toBe(before + 1)

    // If-Match carries the same meaning for scripts; no generation at all still forces.
    const etag = await w.agent.fetch(`${w.t.url}/api/tokens/${id}/refresh`, {
      method: 'POST',
      headers: { 'if-match': `"${seen.generation}"` },
    })
    expect(etag.status).toBe(200)
    expect(grants('refresh_token')).toBe(before + 1)
    const forced = await w.agent.fetch(`${w.t.url}/api/tokens/${id}/refresh`, { method: 'POST' })
    expect(forced.status).toBe(200)
    expect(grants('refresh_token')).toBe(before + 2)
  })

  it('rejects a generation that is not a number', async () => {
    const id = await userToken()
    const res = await w.agent.fetch(`${w.t.url}/api/tokens/${id}/refresh`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ generation: 'x' }),
    })
    expect(res.status).toBe(400)
  })
})

describe('a due rule that scales with lifetime', () => {
  it('200 concurrent bot reads on an expired 4-second token: one exchange, one value', async () => {
    const id = await addonToken()
    const key = await botKey(w.agent, id)
    // A fresh 4-second token is not due: reads right after minting exchange nothing.
    const before = grants('client_credentials')
    expect((await botRead(key, id)).status).toBe(200)
    expect(grants('client_credentials')).toBe(before)

    w.t.clock.advance(5_000)
    const answers = await Promise.all(Array.from({ length: 200 }, () => botRead(key, id)))
    expect(answers.map((a) => a.status)).toEqual(Array(200).fill(200))
    const values = new Set(
      (await Promise.all(answers.map((a) => a.json() as Promise<BotAccess>))).map(
        (b) => b.access_token,
      ),
    )
    expect(values.size).toBe(1)
    expect(grants('client_credentials')).toBe(before + 1)

    // Steady load on the new token: no exchange per call.
    for (let i = 0; i < 20; i++) expect((await botRead(key, id)).status).toBe(200)
    expect(grants('client_credentials')).toBe(before + 1)
  })
})

describe('the right actor on record', () => {
  it('names the person, the bot key and the background refresher', async () => {
    const id = await addonToken()
    const owen = (await (await w.agent.api.auth.me.$get()).json()).id
    expect(
      (await w.agent.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })).status,
    ).toBe(200)

    const key = await botKey(w.agent, id)
    const keyId = (await (await w.agent.api['bot-keys'].$get()).json()).items[0]?.id
    w.t.clock.advance(5_000)
    expect((await botRead(key, id)).status).toBe(200)

    w.t.clock.advance(5_000)
    await w.t.services.refresher.tick()

    expect(await refreshAudit(id)).toEqual([
      { actorId: owen, actorType: 'person' },
      { actorId: keyId, actorType: 'bot_key' },
      { actorId: null, actorType: 'refresher' },
    ])
    const history = await (await w.agent.api.tokens[':id'].audit.$get({ param: { id } })).json()
    const names = history.items
      .filter((e) => e.action === 'token.refreshed')
      .map((e) => [e.actorType, e.actorName])
    expect(names).toEqual([
      ['refresher', null],
      ['bot_key', 'deploy-bot'],
      ['person', 'Owen'],
    ])
  })
})

describe('an owner change during a refresh (#12 item 3)', () => {
  it('seals the new grant for the new owner, so reveal and bot keys keep working', async () => {
    const id = await userToken()
    const admin = await signedIn(w.t, 'admin@example.com')
    w.hip.emulator.setLatency(400)
    const refreshing = w.agent.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    await expect.poll(() => leaseHeld(w.t, id)).toBe(true)
    const moved = await admin.api.tokens[':id'].owner.$post({
      param: { id },
      json: { email: 'bob@example.com', reason: 'Owen moved teams' },
    })
    expect(moved.status).toBe(204)
    await refreshing
    w.hip.emulator.setLatency(0)

    const bob = await signedIn(w.t, 'bob@example.com')
    const reveal = await bob.api.tokens[':id'].reveal.$post({
      param: { id },
      json: { purpose: 'reveal' },
    })
    expect(reveal.status).toBe(200)
    const key = await botKey(bob, id)
    const read = await botRead(key, id)
    expect(read.status).toBe(200)
    expect(((await read.json()) as BotAccess).access_token).toBe((await reveal.json()).value)
    // The rotated refresh token was sealed for Bob too: the next refresh works.
    expect((await bob.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })).status).toBe(
      200,
    )
  })
})

describe('a per-provider circuit breaker', () => {
  it('stops calling a failing provider, answers at once while open, and recovers with one probe', async () => {
    const id = await addonToken()
    const refresh = () => w.agent.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    w.hip.emulator.setFault({ mode: '500', count: 1000 })
    for (let i = 0; i < 5; i++) expect((await refresh()).status).toBe(502)

    const calls = w.hip.emulator.counters().total
    const open = await refresh()
    expect(open.status).toBe(503)
    expect((await errorOf(open)).code).toBe('provider_circuit_open')
    expect(w.hip.emulator.counters().total).toBe(calls)
    const overview = await (await w.agent.api.overview.$get()).json()
    expect(overview.failingProviders).toMatchObject([{ origin: w.hip.emulator.url, state: 'open' }])

    // After the cool-down one probe goes through; the provider has recovered, so it closes.
    w.hip.emulator.state.controls.clearFaults()
    w.t.clock.advance(61_000)
    expect((await refresh()).status).toBe(200)
    expect((await refresh()).status).toBe(200)
    const after = await (await w.agent.api.overview.$get()).json()
    expect(after.failingProviders).toEqual([])
  })
})
