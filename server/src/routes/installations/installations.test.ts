import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
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
  t = await serveTestApp({ TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url })
  await seedUser(t, { email: 'ann@example.com' })
  owner = await signedIn(t, 'ann@example.com')
})
afterEach(() => t.stop())

const emuAdmin = async (path: string, init: { method?: string; body?: unknown } = {}) => {
  const res = await fetch(`${hip.emulator.url}/admin/api${path}`, {
    method: init.method ?? (init.body ? 'POST' : 'GET'),
    headers: { 'content-type': 'application/json' },
    body: init.body ? JSON.stringify(init.body) : undefined,
  })
  return { status: res.status, body: res.status === 204 ? null : await res.json() }
}

async function createAddon(extra: Record<string, unknown> = {}) {
  const res = await owner.api.addons.$post({
    json: {
      key: `com.example.bot${Math.random().toString(36).slice(2, 8)}`,
      name: 'Deploy Bot',
      scopes: ['send_notification', 'view_room'],
      allowGlobal: true,
      allowRoom: true,
      ...extra,
    },
  })
  expect(res.status).toBe(201)
  return res.json()
}

const groupId = () =>
  (hip.emulator.state.directory.groups.values().next().value as { id: number }).id
const seededUser = () =>
  hip.emulator.state.directory.usersOf(groupId())[0] as { id: number; name: string }
const counters = () => hip.emulator.counters()

describe('install flow through the emulator', () => {
  it('installs, mints, refreshes, connects a user and uninstalls', async () => {
    const addon = await createAddon()
    const descriptor = await (await fetch(addon.descriptorUrl)).json()
    expect(descriptor.links.self).toBe(addon.descriptorUrl)
    expect(descriptor.capabilities.installable.callbackUrl).toBe(addon.callbackUrl)

    const install = await emuAdmin('/installations', {
      body: { descriptorUrl: addon.descriptorUrl, groupId: groupId() },
    })
    expect(install.status).toBe(201)
    const list = await (await owner.api.installations.$get()).json()
    expect(list.items).toHaveLength(1)
    const inst = list.items[0]
    expect(inst).toMatchObject({
      status: 'active',
      source: 'callback',
      addonName: 'Deploy Bot',
      roomId: null,
      scopes: ['send_notification', 'view_room'],
      canConnectUsers: true,
    })
    expect(JSON.stringify(list)).not.toMatch(/oauthSecret|secret/i)
    const id = inst?.id ?? ''

    const mint = await owner.api.installations[':id'].tokens.$post({
      param: { id },
      json: { scopes: ['send_notification'] },
    })
    expect(mint.status).toBe(201)
    const token = await mint.json()
    expect(token).toMatchObject({
      kind: 'addon',
      scopes: ['send_notification'],
      status: 'valid',
      refreshable: true,
    })
    expect(Date.parse(token.expiresAt ?? '')).toBe(t.clock() + 3600_000)
    const bad = await owner.api.installations[':id'].tokens.$post({
      param: { id },
      json: { scopes: ['admin_group'] },
    })
    expect(bad.status).toBe(400)

    t.clock.advance(20 * 60_000)
    const refreshRes = await owner.api.tokens[':id'].refresh.$post({ param: { id: token.id } })
    const refreshed = await refreshRes.json()
    expect(refreshed).toMatchObject({ id: token.id })
    expect(Date.parse(refreshed.expiresAt ?? '')).toBe(t.clock() + 3600_000)

    const start = await owner.fetch(`${t.url}/api/installations/${id}/authorize?scopes=view_room`, {
      redirect: 'manual',
    })
    expect(start.status).toBe(302)
    const authorizeUrl = new URL(start.headers.get('location') ?? '')
    expect(authorizeUrl.origin).toBe(hip.emulator.url)
    expect(authorizeUrl.searchParams.get('code_challenge_method')).toBe('S256')
    expect(authorizeUrl.searchParams.get('redirect_uri')).toBe(`${t.url}/api/oauth/callback`)
    const callback = await approveAtEmulator(authorizeUrl)
    const before = counters().total
    const done = await owner.fetch(callback, { redirect: 'manual' })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toMatch(/^\/tokens\/[\w-]+\?connected=1$/)
    expect(counters().total).toBe(before + 1)
    const replay = await owner.fetch(callback, { redirect: 'manual' })
    expect(replay.status).toBe(400)
    expect(counters().total).toBe(before + 1)
    const userTokens = await (await owner.api.tokens.$get({ query: { kind: 'user' } })).json()
    expect(userTokens.items).toMatchObject([
      {
        kind: 'user',
        refreshable: true,
        providerUser: { name: seededUser().name },
        scopes: ['view_room'],
      },
    ])

    const uninstall = await emuAdmin(
      `/installations/${encodeURIComponent(install.body.oauthId ?? install.body.installation?.oauthId)}`,
      { method: 'DELETE' },
    )
    expect(uninstall.status).toBeLessThan(300)
    const after = await (await owner.api.installations[':id'].$get({ param: { id } })).json()
    expect(after.status).toBe('removed')
    const tokens = await (await owner.api.tokens.$get({ query: {} })).json()
    expect(tokens.items.map((i) => i.status)).toEqual(['revoked', 'revoked'])
  })
})

async function approveAtEmulator(authorizeUrl: URL) {
  const page = await (await fetch(authorizeUrl)).text()
  const requestId = /name="request_id" value="([^"]+)"/.exec(page)?.[1] ?? ''
  const res = await fetch(`${hip.emulator.url}/users/authorize`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin: hip.emulator.url },
    body: new URLSearchParams({
      request_id: requestId,
      user_id: String(seededUser().id),
      decision: 'approve',
    }),
    redirect: 'manual',
  })
  expect(res.status).toBe(302)
  return res.headers.get('location') ?? ''
}
