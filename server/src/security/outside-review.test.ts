import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { STEP_UP_MS } from '../middleware/step-up'
import { startTestEmulator } from '../test/emulator-fixture'
import { errorOf, seedUser, serveTestApp, signedIn } from '../test/test-app'

/**
 * What the independent review of the hardened build found (docs/security.md), each as the
 * reviewer reproduced it against a running server and the emulator.
 */
let hip: Awaited<ReturnType<typeof startTestEmulator>>
let t: Awaited<ReturnType<typeof serveTestApp>>
let owner: Awaited<ReturnType<typeof signedIn>>

beforeAll(async () => {
  hip = await startTestEmulator()
})
afterAll(() => hip.emulator.close())
beforeEach(async () => {
  hip.emulator.reset()
  t = await serveTestApp({ TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url })
  await seedUser(t, { email: 'owner@example.com' })
  await seedUser(t, { email: 'friend@example.com' })
  await seedUser(t, { email: 'admin@example.com', role: 'admin' })
  owner = await signedIn(t, 'owner@example.com')
})
afterEach(() => t.stop())

const group = () => [...hip.emulator.state.directory.groups.values()][0] as { id: number }
const activeAccess = (clientId: string) =>
  [...hip.emulator.state.tokens.access.values()].filter(
    (a) => a.clientId === clientId && hip.emulator.state.tokens.findActiveAccess(a.token),
  ).length

async function installation(agent = owner) {
  const client = hip.emulator.registerClient({ groupId: group().id, scopes: ['view_room'] })
  const res = await agent.api.installations.$post({
    json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
  })
  expect(res.status).toBe(201)
  return { client, inst: await res.json() }
}

async function pasted() {
  const value = hip.emulator.mintPersonalToken({
    userId: hip.emulator.state.directory.usersOf(group().id)[0]?.id ?? 0,
  }).access_token
  const res = await owner.api.tokens.$post({
    json: { kind: 'personal', label: 'p', value, providerUrl: `${hip.emulator.url}/v2/` },
  })
  return (await res.json()).id
}

describe('step-up cannot be passed by proxy', () => {
  it('F1: granting a use share needs a recent password; a view share does not', async () => {
    const id = await pasted()
    t.clock.advance(STEP_UP_MS + 1)
    const use = await owner.api.tokens[':id'].shares.$post({
      param: { id },
      json: { email: 'friend@example.com', access: 'use' },
    })
    expect(use.status).toBe(401)
    expect((await errorOf(use)).code).toBe('reauth_required')
    const view = await owner.api.tokens[':id'].shares.$post({
      param: { id },
      json: { email: 'friend@example.com', access: 'view' },
    })
    expect(view.status).toBe(201)
  })

  it('F2: an admin needs a recent password to create people or grant roles, not to disable', async () => {
    const admin = await signedIn(t, 'admin@example.com')
    t.clock.advance(STEP_UP_MS + 1)
    const created = await admin.api.users.$post({
      json: {
        email: 'sock@example.com',
        name: 'Sock',
        password: 'sock password 123',
        role: 'admin',
      },
    })
    expect((await errorOf(created)).code).toBe('reauth_required')
    const friendId = (await owner.api.auth.me.$get().then((r) => r.json())).id
    const promote = await admin.api.users[':id'].$patch({
      param: { id: friendId },
      json: { role: 'admin' },
    })
    expect((await errorOf(promote)).code).toBe('reauth_required')
    const disable = await admin.api.users[':id'].$patch({
      param: { id: friendId },
      json: { disabled: true },
    })
    expect(disable.status).toBe(200)
  })
})

describe('provider-facing callbacks spend nothing for strangers', () => {
  it('F4: a refused uninstall hands back the token its proof minted', async () => {
    const addon = await (
      await owner.api.addons.$post({
        json: {
          key: 'f4.bot',
          name: 'F4',
          scopes: ['view_room'],
          allowGlobal: true,
          allowRoom: true,
        },
      })
    ).json()
    const installed = await fetch(`${hip.emulator.url}/admin/api/installations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ descriptorUrl: addon.descriptorUrl, groupId: group().id }),
    })
    expect(installed.status).toBeLessThan(300)
    const { oauthId } = ((await installed.json()) as { installation: { oauthId: string } })
      .installation
    const issued = activeAccess(oauthId)
    const forged = await fetch(`${t.url}/api/addons/${addon.id}/installable/${oauthId}`, {
      method: 'DELETE',
    })
    expect(forged.status).toBe(403)
    expect(activeAccess(oauthId)).toBe(issued)
  })

  it('F7: failed install callbacks are capped per address, and the provider stops being called', async () => {
    const addon = await (
      await owner.api.addons.$post({
        json: {
          key: 'f7.bot',
          name: 'F7',
          scopes: ['view_room'],
          allowGlobal: true,
          allowRoom: true,
        },
      })
    ).json()
    const forge = () =>
      fetch(`${t.url}/api/addons/${addon.id}/installable`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          oauthId: crypto.randomUUID(),
          oauthSecret: 'wrong-secret-value',
          capabilitiesUrl: hip.emulator.capabilitiesUrl,
          groupId: group().id,
        }),
      })
    const statuses: number[] = []
    for (let i = 0; i < 20; i++) statuses.push((await forge()).status)
    expect(statuses.every((s) => s === 400)).toBe(true)
    const calls = hip.emulator.counters().total
    const capped = await forge()
    expect(capped.status).toBe(429)
    expect(capped.headers.get('retry-after')).not.toBeNull()
    expect(hip.emulator.counters().total).toBe(calls)
  })
})

describe('the refresh engine and the rest of the world', () => {
  it('F5: a revoke that lands during a refresh also revokes what the refresh was issued', async () => {
    const { client, inst } = await installation()
    const minted = await owner.api.installations[':id'].tokens.$post({
      param: { id: inst.id },
      json: { scopes: ['view_room'] },
    })
    const id = (await minted.json()).id
    // The installation's proof token and the minted one; only the proof may stay live.
    const live = activeAccess(client.oauthId)
    hip.emulator.setLatency(500)
    const refreshing = owner.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    await new Promise((r) => setTimeout(r, 150))
    hip.emulator.setLatency(0)
    expect((await owner.api.tokens[':id'].revoke.$post({ param: { id } })).status).toBe(200)
    expect((await refreshing).status).toBe(409)
    await expect.poll(() => activeAccess(client.oauthId), { timeout: 5000 }).toBe(live - 1)
  })

  it('F6: a provider rate limit on one client does not pause everyone’s refreshes', async () => {
    const a = await installation()
    const mint = async (inst: { id: string }) =>
      (
        await (
          await owner.api.installations[':id'].tokens.$post({
            param: { id: inst.id },
            json: { scopes: ['view_room'] },
          })
        ).json()
      ).id
    const id = await mint(a.inst)
    hip.emulator.setFault({ mode: '429', count: 40, retryAfter: 0 })
    for (let i = 0; i < 6; i++)
      expect(
        (await owner.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })).status,
      ).toBe(502)
    hip.emulator.state.controls.clearFaults()
    const res = await owner.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    expect(res.status).toBe(200)
  })
})
