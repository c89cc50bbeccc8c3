import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { tokens } from '../../db/schema'
import { approveAtEmulator, startTestEmulator } from '../../test/emulator-fixture'
import { errorOf, seedUser, serveTestApp, signedIn } from '../../test/test-app'

let hip: Awaited<ReturnType<typeof startTestEmulator>>
let t: Awaited<ReturnType<typeof serveTestApp>>
let owner: Awaited<ReturnType<typeof signedIn>>
const sleeps: number[] = []

beforeAll(async () => {
  hip = await startTestEmulator()
})
afterAll(() => hip.emulator.close())
beforeEach(async () => {
  hip.emulator.reset()
  sleeps.length = 0
  t = await serveTestApp(
    { TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url },
    { timeoutMs: 400, engine: { sleep: async (ms) => void sleeps.push(ms) } },
  )
  await seedUser(t, { email: 'ann@example.com' })
  owner = await signedIn(t, 'ann@example.com')
})
afterEach(() => t.stop())

const group = () => [...hip.emulator.state.directory.groups.values()][0] as { id: number }
const user = () => hip.emulator.state.directory.usersOf(group().id)[0] as { id: number }
const row = async (id: string) => {
  const [r] = await t.db
    .select({
      generation: tokens.generation,
      a: tokens.accessTokenEnc,
      r: tokens.refreshTokenEnc,
      status: tokens.status,
      e: tokens.lastError,
    })
    .from(tokens)
    .where(eq(tokens.id, id))
  if (!r) throw new Error(`no token ${id}`)
  return r
}

async function manualInstallation() {
  const client = hip.emulator.registerClient({
    groupId: group().id,
    scopes: ['send_notification', 'view_room'],
  })
  const res = await owner.api.installations.$post({
    json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
  })
  expect(res.status).toBe(201)
  return { client, installation: await res.json() }
}

async function userToken() {
  const { installation } = await manualInstallation()
  const start = await owner.fetch(`${t.url}/api/installations/${installation.id}/authorize`, {
    redirect: 'manual',
  })
  const callback = await approveAtEmulator(
    hip.emulator.url,
    start.headers.get('location') ?? '',
    user().id,
  )
  const done = await owner.fetch(callback, { redirect: 'manual' })
  return /\/tokens\/([\w-]+)/.exec(done.headers.get('location') ?? '')?.[1] ?? ''
}

/** An add-on token with two minutes left of an hour (due, still valid) and a bot key bound to it. */
async function dueAddonWithBot() {
  const { installation } = await manualInstallation()
  const minted = await (
    await owner.api.installations[':id'].tokens.$post({
      param: { id: installation.id },
      json: { scopes: [] },
    })
  ).json()
  const id = minted.id
  await t.write((tx) =>
    tx
      .update(tokens)
      .set({ expiresAt: t.clock() + 120_000, lastRefreshedAt: t.clock() - 3_480_000 })
      .where(eq(tokens.id, id)),
  )
  const { key } = await (
    await owner.api['bot-keys'].$post({ json: { name: 'bot', tokenIds: [id] } })
  ).json()
  const botRead = () =>
    fetch(`${t.url}/api/v1/tokens/${id}/access`, { headers: { authorization: `Bearer ${key}` } })
  return { id, installation, botRead }
}

const refresh = (id: string) => owner.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
const grants = (grant: string) => hip.emulator.counters().byGrant[grant] ?? 0

describe('refresh engine against the emulator', () => {
  it('answers 200 concurrent refreshes of one user token with exactly one exchange', async () => {
    const id = await userToken()
    const before = grants('refresh_token')
    const answers = await Promise.all(Array.from({ length: 200 }, () => refresh(id)))
    expect(answers.every((a) => a.status === 200)).toBe(true)
    expect(grants('refresh_token')).toBe(before + 1)
    const bodies = await Promise.all(answers.map((a) => a.json()))
    expect(new Set(bodies.map((b) => b.lastRefreshedAt)).size).toBe(1)
    expect((await row(id)).generation).toBe(1)
    // The rotated refresh token was stored: the next refresh succeeds, reuse detection never tripped.
    expect((await refresh(id)).status).toBe(200)
    expect(await row(id)).toMatchObject({ generation: 2, status: 'active' })
  })

  it.each([
    ['500', {}],
    ['429', { retryAfter: 2 }],
    ['html', {}],
    ['malformed_json', {}],
    ['hang', {}],
  ] as const)(
    'keeps the stored token unchanged through %s faults, then recovers',
    async (mode, extra) => {
      const id = await userToken()
      const before = await row(id)
      hip.emulator.setFault({ mode, count: 5, ...extra })
      const res = await refresh(id)
      expect(res.status).toBe(502)
      expect((await errorOf(res)).code).toBe('provider_error')
      const after = await row(id)
      expect({ a: after.a, r: after.r, generation: after.generation }).toEqual({
        a: before.a,
        r: before.r,
        generation: 0,
      })
      expect(after.e).toBeTruthy()
      if (mode === '429') expect(sleeps).toContain(2000)
      await fetch(`${hip.emulator.url}/admin/api/faults`, { method: 'DELETE' })
      const ok = await refresh(id)
      expect(ok.status).toBe(200)
      expect(await row(id)).toMatchObject({ generation: 1, e: null })
    },
  )

  it('retries transient 500s inside one refresh', async () => {
    const id = await userToken()
    hip.emulator.setFault({ mode: '500', count: 2 })
    const res = await refresh(id)
    expect(res.status).toBe(200)
    expect(sleeps).toHaveLength(2)
  })

  it('marks needs_reauth on invalid_grant once, then answers fast without calling the provider', async () => {
    const id = await userToken()
    hip.emulator.setFault({ mode: 'invalid_grant', count: 1 })
    const first = await refresh(id)
    expect(first.status).toBe(409)
    expect((await errorOf(first)).code).toBe('reauth_required')
    const calls = hip.emulator.counters().total
    const second = await refresh(id)
    expect(second.status).toBe(409)
    expect(hip.emulator.counters().total).toBe(calls)
    expect((await row(id)).status).toBe('needs_reauth')
    const view = await (await owner.api.tokens[':id'].$get({ param: { id } })).json()
    expect(view.status).toBe('needs_reauth')
    const events = await (await owner.api.tokens[':id'].audit.$get({ param: { id } })).json()
    expect(events.items.filter((e) => e.action === 'token.needs_reauth')).toHaveLength(1)
  })

  it('an add-on token refused once with invalid_grant is retried, never sent to reconnect; bots keep its valid value', async () => {
    const { id, installation, botRead } = await dueAddonWithBot()
    const before = await row(id)
    hip.emulator.setFault({ mode: 'invalid_grant', count: 1 })
    const bot = await botRead()
    expect(bot.status).toBe(200)
    expect(hip.emulator.counters().byGrant.client_credentials).toBeGreaterThan(1)
    const after = await row(id)
    expect(after).toMatchObject({ status: 'active', generation: before.generation, a: before.a })
    expect(after.e).toBeTruthy()
    const events = await (await owner.api.tokens[':id'].audit.$get({ param: { id } })).json()
    expect(events.items.map((e) => e.action)).toContain('token.refresh_failed')
    expect(events.items.map((e) => e.action)).not.toContain('token.needs_reauth')
    // The installation is not blamed, and the next attempt mints a new token.
    const inst = await (
      await owner.api.installations[':id'].$get({ param: { id: installation.id } })
    ).json()
    expect(inst.status).not.toBe('broken')
    const again = await refresh(id)
    expect(again.status).toBe(200)
    expect(await row(id)).toMatchObject({
      status: 'active',
      generation: before.generation + 1,
      e: null,
    })
    expect((await botRead()).status).toBe(200)
  })

  it('bots do not make an exchange per call while a failing token backs off (attack 17 F1)', async () => {
    const { id, botRead } = await dueAddonWithBot()
    const exchanges = () => grants('client_credentials')
    hip.emulator.setFault({ mode: 'invalid_grant', count: 1000 })
    const start = exchanges()
    // The first call tries once; the next ones, while the value is good, hand it out untried.
    expect((await botRead()).status).toBe(200)
    expect(exchanges()).toBe(start + 1)
    const again = await Promise.all(Array.from({ length: 5 }, botRead))
    expect(again.map((r) => r.status)).toEqual([200, 200, 200, 200, 200])
    expect(exchanges()).toBe(start + 1)
    // Expired, past the scheduled attempt: one try, refused, 502.
    t.clock.advance(121_000)
    expect((await botRead()).status).toBe(502)
    expect(exchanges()).toBe(start + 2)
    // Right after it: 502 with when to come back, and no exchange.
    const waiting = await botRead()
    expect(waiting.status).toBe(502)
    expect(Number(waiting.headers.get('retry-after'))).toBeGreaterThan(25)
    expect(exchanges()).toBe(start + 2)
    // 30 s after the last failure an expired token may be tried again, once.
    t.clock.advance(31_000)
    await Promise.all(Array.from({ length: 5 }, botRead))
    expect(exchanges()).toBe(start + 3)
    // The provider recovers: the next try after the step renews it.
    await fetch(`${hip.emulator.url}/admin/api/faults`, { method: 'DELETE' })
    t.clock.advance(31_000)
    const back = await botRead()
    expect(back.status).toBe(200)
    expect(await row(id)).toMatchObject({ status: 'active', generation: 1, e: null })
  })

  it('marks the installation broken on invalid_client', async () => {
    const { client, installation } = await manualInstallation()
    const minted = await (
      await owner.api.installations[':id'].tokens.$post({
        param: { id: installation.id },
        json: { scopes: [] },
      })
    ).json()
    await fetch(`${hip.emulator.url}/admin/api/clients/${client.oauthId}`, { method: 'DELETE' })
    const res = await refresh(minted.id)
    expect(res.status).toBe(502)
    const after = await (
      await owner.api.installations[':id'].$get({ param: { id: installation.id } })
    ).json()
    expect(after.status).toBe('broken')
  })
})
