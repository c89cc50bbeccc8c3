import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { approveAtEmulator, startTestEmulator } from '../../test/emulator-fixture'
import { seedUser, serveTestApp, signedIn } from '../../test/test-app'

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
  // biome-ignore lint/suspicious/noExplicitAny: the emulator's admin JSON is read loosely here
  return { status: res.status, body: (res.status === 204 ? null : await res.json()) as any }
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
    const descriptor = (await (await fetch(addon.descriptorUrl)).json()) as {
      links: { self: string }
      capabilities: { installable: { callbackUrl: string } }
    }
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
    const refreshRes = await owner.api.tokens[':id'].refresh.$post({
      param: { id: token.id },
      json: {},
    })
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
    const callback = await approveAtEmulator(hip.emulator.url, authorizeUrl.href, seededUser().id)
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

describe('audit of grant exchanges', () => {
  it('records who minted an add-on token', async () => {
    const client = hip.emulator.registerClient({ groupId: groupId(), scopes: ['view_room'] })
    const inst = await (
      await owner.api.installations.$post({
        json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
      })
    ).json()
    const res = await owner.fetch(`${t.url}/api/installations/${inst.id}/tokens`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': 'mint-test/1.0' },
      body: JSON.stringify({ scopes: [] }),
    })
    const { id } = (await res.json()) as { id: string }
    const history = await (await owner.api.tokens[':id'].audit.$get({ param: { id } })).json()
    expect(history.items[0]).toMatchObject({ action: 'token.created', userAgent: 'mint-test/1.0' })
  })
})

describe('OAuth state', () => {
  async function startFlow(agent = owner) {
    const addon = await createAddon()
    await emuAdmin('/installations', {
      body: { descriptorUrl: addon.descriptorUrl, groupId: groupId() },
    })
    const inst = (await (await owner.api.installations.$get()).json()).items[0]
    const start = await agent.fetch(`${t.url}/api/installations/${inst?.id}/authorize`, {
      redirect: 'manual',
    })
    return start.headers.get('location') ?? ''
  }

  it.each([
    ['a missing state', (u: URL) => u.searchParams.delete('state')],
    ['a wrong state', (u: URL) => u.searchParams.set('state', 'forged-state-value')],
  ])('answers 400 with no exchange for %s', async (_name, tamper) => {
    const callback = new URL(
      await approveAtEmulator(hip.emulator.url, await startFlow(), seededUser().id),
    )
    tamper(callback)
    const before = counters().total
    const res = await owner.fetch(callback.href, { redirect: 'manual' })
    expect(res.status).toBe(400)
    expect(await res.text()).toContain('not valid')
    expect(counters().total).toBe(before)
  })

  it('refuses a state from another browser session and an expired one', async () => {
    const callback = await approveAtEmulator(hip.emulator.url, await startFlow(), seededUser().id)
    const late = await approveAtEmulator(hip.emulator.url, await startFlow(), seededUser().id)
    const other = await signedIn(t, 'ann@example.com')
    const before = counters().total
    expect((await other.fetch(callback, { redirect: 'manual' })).status).toBe(400)
    // The state was consumed by that attempt: even the right browser cannot use it now.
    expect((await owner.fetch(callback, { redirect: 'manual' })).status).toBe(400)

    t.clock.advance(10 * 60_000 + 1)
    await owner.api.auth.me.$get()
    expect((await owner.fetch(late, { redirect: 'manual' })).status).toBe(400)
    expect(counters().total).toBe(before)
  })

  it('lets exactly one of five concurrent callbacks with one state through', async () => {
    const callback = await approveAtEmulator(hip.emulator.url, await startFlow(), seededUser().id)
    const before = counters().total
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => owner.fetch(callback, { redirect: 'manual' })),
    )
    expect(answers.map((r) => r.status).sort()).toEqual([302, 400, 400, 400, 400])
    expect(counters().total).toBe(before + 1)
    const userTokens = await (await owner.api.tokens.$get({ query: { kind: 'user' } })).json()
    expect(userTokens.items).toHaveLength(1)
  })

  it('shows a friendly page when the user declines, and stores nothing', async () => {
    const callback = await approveAtEmulator(
      hip.emulator.url,
      await startFlow(),
      seededUser().id,
      'deny',
    )
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied')
    const res = await owner.fetch(callback, { redirect: 'manual' })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('nothing was stored')
    expect((await (await owner.api.tokens.$get({ query: { kind: 'user' } })).json()).items).toEqual(
      [],
    )
  })
})
