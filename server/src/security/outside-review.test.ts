import { describe, expect, it } from 'vitest'
import { STEP_UP_MS } from '../middleware/step-up'
import { useEmulatorWorld } from '../test/emulator-world'
import { leaseHeld } from '../test/lease-held'
import { errorOf, signedIn } from '../test/test-app'

/**
 * What the independent review of the hardened build found (docs/security.md), each as the
 * reviewer reproduced it against a running server and the emulator.
 */
const w = useEmulatorWorld({
  people: [
    { email: 'owner@example.com' },
    { email: 'friend@example.com' },
    { email: 'admin@example.com', role: 'admin' },
  ],
})

const group = () => [...w.hip.emulator.state.directory.groups.values()][0] as { id: number }
const activeAccess = (clientId: string) =>
  [...w.hip.emulator.state.tokens.access.values()].filter(
    (a) => a.clientId === clientId && w.hip.emulator.state.tokens.findActiveAccess(a.token),
  ).length

async function installation(agent = w.agent) {
  const client = w.hip.emulator.registerClient({ groupId: group().id, scopes: ['view_room'] })
  const res = await agent.api.installations.$post({
    json: { ...client, capabilitiesUrl: w.hip.emulator.capabilitiesUrl },
  })
  expect(res.status).toBe(201)
  return { client, inst: await res.json() }
}

async function pasted() {
  const value = w.hip.emulator.mintPersonalToken({
    userId: w.hip.emulator.state.directory.usersOf(group().id)[0]?.id ?? 0,
  }).access_token
  const res = await w.agent.api.tokens.$post({
    json: { kind: 'personal', label: 'p', value, providerUrl: `${w.hip.emulator.url}/v2/` },
  })
  return (await res.json()).id
}

describe('step-up cannot be passed by proxy', () => {
  it('F1: granting a use share needs a recent password; a view share does not', async () => {
    const id = await pasted()
    w.t.clock.advance(STEP_UP_MS + 1)
    const use = await w.agent.api.tokens[':id'].shares.$post({
      param: { id },
      json: { email: 'friend@example.com', access: 'use' },
    })
    expect(use.status).toBe(401)
    expect((await errorOf(use)).code).toBe('reauth_required')
    const view = await w.agent.api.tokens[':id'].shares.$post({
      param: { id },
      json: { email: 'friend@example.com', access: 'view' },
    })
    expect(view.status).toBe(201)
  })

  it('F2: an admin needs a recent password to create people or grant roles, not to disable', async () => {
    const admin = await signedIn(w.t, 'admin@example.com')
    w.t.clock.advance(STEP_UP_MS + 1)
    const created = await admin.api.users.$post({
      json: {
        email: 'sock@example.com',
        name: 'Sock',
        password: 'sock password 123',
        role: 'admin',
      },
    })
    expect((await errorOf(created)).code).toBe('reauth_required')
    const friendId = (await w.agent.api.auth.me.$get().then((r) => r.json())).id
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
      await w.agent.api.addons.$post({
        json: {
          key: 'f4.bot',
          name: 'F4',
          scopes: ['view_room'],
          allowGlobal: true,
          allowRoom: true,
        },
      })
    ).json()
    const installed = await fetch(`${w.hip.emulator.url}/admin/api/installations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ descriptorUrl: addon.descriptorUrl, groupId: group().id }),
    })
    expect(installed.status).toBeLessThan(300)
    const { oauthId } = ((await installed.json()) as { installation: { oauthId: string } })
      .installation
    const issued = activeAccess(oauthId)
    const forged = await fetch(`${w.t.url}/api/addons/${addon.id}/installable/${oauthId}`, {
      method: 'DELETE',
    })
    expect(forged.status).toBe(403)
    expect(activeAccess(oauthId)).toBe(issued)
  })

  it('F7: failed install callbacks are capped per address, and the provider stops being called', async () => {
    const addon = await (
      await w.agent.api.addons.$post({
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
      fetch(`${w.t.url}/api/addons/${addon.id}/installable`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          oauthId: crypto.randomUUID(),
          oauthSecret: 'wrong-secret-value',
          capabilitiesUrl: w.hip.emulator.capabilitiesUrl,
          groupId: group().id,
        }),
      })
    const statuses: number[] = []
    for (let i = 0; i < 20; i++) statuses.push((await forge()).status)
    expect(statuses.every((s) => s === 400)).toBe(true)
    const calls = w.hip.emulator.counters().total
    const capped = await forge()
    expect(capped.status).toBe(429)
    expect(capped.headers.get('retry-after')).not.toBeNull()
    expect(w.hip.emulator.counters().total).toBe(calls)
  })
})

describe('the refresh engine and the rest of the world', () => {
  it('F5: a revoke that lands during a refresh also revokes what the refresh was issued', async () => {
    const { client, inst } = await installation()
    const minted = await w.agent.api.installations[':id'].tokens.$post({
      param: { id: inst.id },
      json: { scopes: ['view_room'] },
    })
    const id = (await minted.json()).id
    // The installation's proof token and the minted one; only the proof may stay live.
    const live = activeAccess(client.oauthId)
    // The latency stays on until the refresh answers: its request may reach the provider after
    // the lease is seen (the engine reads the client's credentials first).
    w.hip.emulator.setLatency(1000)
    const refreshing = w.agent.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    await expect.poll(() => leaseHeld(w.t, id)).toBe(true)
    expect((await w.agent.api.tokens[':id'].revoke.$post({ param: { id } })).status).toBe(200)
    const lost = await refreshing
    expect(lost.status).toBe(409)
    // Lost to the revoke, and said so (not "another worker took over").
    expect((await errorOf(lost)).message).toBe('This token was revoked')
    w.hip.emulator.setLatency(0)
    await expect.poll(() => activeAccess(client.oauthId), { timeout: 5000 }).toBe(live - 1)
  })

  it('F6: a provider rate limit on one client does not pause everyone’s refreshes', async () => {
    const a = await installation()
    const mint = async (inst: { id: string }) =>
      (
        await (
          await w.agent.api.installations[':id'].tokens.$post({
            param: { id: inst.id },
            json: { scopes: ['view_room'] },
          })
        ).json()
      ).id
    const id = await mint(a.inst)
    w.hip.emulator.setFault({ mode: '429', count: 40, retryAfter: 0 })
    for (let i = 0; i < 6; i++)
      expect(
        (await w.agent.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })).status,
      ).toBe(502)
    w.hip.emulator.state.controls.clearFaults()
    const res = await w.agent.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    expect(res.status).toBe(200)
  })
})
