import { verify } from '@node-rs/argon2'
import { sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest'
import { rawRows } from '../db/raw'
import { LIMITS } from '../services/login-throttle'
import { prepareFirstRun } from '../services/setup'
import { approveAtEmulator, startTestEmulator } from '../test/emulator-fixture'
import {
  createTestApp,
  insertTokenRow,
  seedUser,
  serveTestApp,
  signedIn,
  type TestApp,
} from '../test/test-app'

// Counts real hash verifications without changing them.
vi.mock('@node-rs/argon2', async (importOriginal) => {
  const real = await importOriginal<typeof import('@node-rs/argon2')>()
  return { ...real, verify: vi.fn(real.verify) }
})

const RACERS = 20
const race = <T>(fn: (i: number) => Promise<T>) =>
  Promise.all(Array.from({ length: RACERS }, (_, i) => fn(i)))
const tally = (statuses: number[]) =>
  statuses.reduce<Record<number, number>>((acc, s) => {
    acc[s] = (acc[s] ?? 0) + 1
    return acc
  }, {})
const countRows = async (t: TestApp, from: string) =>
  Number((await rawRows<{ n: number }>(t.db, sql.raw(`select count(*) as n from ${from}`)))[0]?.n)

describe('in-process one-time things', () => {
  let t: TestApp
  afterEach(() => t.destroy())

  it('one setup link makes one admin, and a typo does not use it up', async () => {
    t = createTestApp()
    const { setupUrl } = await prepareFirstRun(t.deps, t.setup)
    const setupToken = setupUrl?.split('#')[1] ?? ''
    const body = { name: 'Admin', password: 'a long enough password', setupToken }
    const typo = await t
      .agent()
      .api.auth.setup.$post({ json: { ...body, email: 'admin@example.com', password: 'short' } })
    expect(typo.status).toBe(400)

    const answers = await race((i) =>
      t.agent().api.auth.setup.$post({ json: { ...body, email: `admin${i}@example.com` } }),
    )
    expect(tally(answers.map((r) => r.status))).toEqual({ 201: 1, 404: RACERS - 1 })
    expect(await countRows(t, "users where role = 'admin'")).toBe(1)
  })

  it('a setup link works on another app on the same database, and of 5 uses across both one makes an admin', async () => {
    t = createTestApp()
    // A second replica on the same database, started before anyone has set up.
    const other = createTestApp({}, t.dir)
    try {
      const link = async (app: TestApp) =>
        (await prepareFirstRun(app.deps, app.setup)).setupUrl?.split('#')[1] ?? ''
      const mine = await link(t)
      const theirs = await link(other)
      expect(mine).not.toBe(theirs)
      const body = { name: 'Admin', password: 'a long enough password', setupToken: mine }
      const answers = await Promise.all(
        Array.from({ length: 5 }, (_, i) =>
          (i % 2 ? other : t)
            .agent()
            .api.auth.setup.$post({ json: { ...body, email: `admin${i}@example.com` } }),
        ),
      )
      expect(tally(answers.map((r) => r.status))).toEqual({ 201: 1, 404: 4 })
      expect(await countRows(t, "users where role = 'admin'")).toBe(1)
      expect(await countRows(t, "audit_events where action = 'user.setup'")).toBe(1)
      // Setup is done everywhere: the other replica's link is gone with it.
      const late = await other
        .agent()
        .api.auth.setup.$post({ json: { ...body, email: 'late@example.com', setupToken: theirs } })
      expect(late.status).toBe(404)
      expect(await countRows(t, "meta where key like 'setup_token:%'")).toBe(0)
    } finally {
      await other.close()
    }
  })

  it('concurrent wrong passwords get no more hash checks than the lockout allows', async () => {
    t = createTestApp()
    await seedUser(t, { email: 'ann@example.com' })
    vi.mocked(verify).mockClear()
    const answers = await race(() =>
      t.agent().api.auth.login.$post({ json: { email: 'ann@example.com', password: 'wrong' } }),
    )
    expect(vi.mocked(verify)).toHaveBeenCalledTimes(LIMITS.account)
    expect(tally(answers.map((r) => r.status))).toEqual({
      401: LIMITS.account,
      429: RACERS - LIMITS.account,
    })
  })

  it('concurrent wrong passwords split across two apps on one database share the lockout', async () => {
    t = createTestApp()
    const other = createTestApp({}, t.dir)
    try {
      await seedUser(t, { email: 'ann@example.com' })
      vi.mocked(verify).mockClear()
      const answers = await race((i) =>
        (i % 2 ? other : t)
          .agent()
          .api.auth.login.$post({ json: { email: 'ann@example.com', password: 'wrong' } }),
      )
      expect(vi.mocked(verify)).toHaveBeenCalledTimes(LIMITS.account)
      expect(tally(answers.map((r) => r.status))).toEqual({
        401: LIMITS.account,
        429: RACERS - LIMITS.account,
      })
    } finally {
      await other.close()
    }
  })

  it('concurrent wrong reauths from one cookie get the same limit and end the session', async () => {
    t = createTestApp()
    await seedUser(t, { email: 'ann@example.com' })
    const agent = await signedIn(t, 'ann@example.com')
    vi.mocked(verify).mockClear()
    const answers = await race(() => agent.api.auth.reauth.$post({ json: { password: 'wrong' } }))
    expect(vi.mocked(verify)).toHaveBeenCalledTimes(LIMITS.session)
    expect(tally(answers.map((r) => r.status))).toEqual({
      400: LIMITS.session - 1,
      401: 1,
      429: RACERS - LIMITS.session,
    })
    expect(await countRows(t, 'sessions')).toBe(0)
    expect((await agent.api.auth.me.$get()).status).toBe(401)
  })

  it('concurrent bot key creation gives distinct keys, each reading only its own binding', async () => {
    t = createTestApp()
    const ann = await seedUser(t, { email: 'ann@example.com' })
    const owner = await signedIn(t, 'ann@example.com')
    const tokenIds: string[] = []
    for (let i = 0; i < RACERS; i++)
      tokenIds.push(await insertTokenRow(t, ann.id, `token ${i}`, 'personal', null))
    const answers = await race((i) =>
      owner.api['bot-keys'].$post({ json: { name: `bot ${i}`, tokenIds: [tokenIds[i] ?? ''] } }),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(RACERS).fill(201))
    const keys = await Promise.all(answers.map(async (r) => (await r.json()).key))
    expect(new Set(keys).size).toBe(RACERS)
    expect(await countRows(t, '(select distinct key_hash from bot_keys) k')).toBe(RACERS)

    const read = (key: string, id: string) =>
      t.app.request(`/api/v1/tokens/${id}/access`, { headers: { authorization: `Bearer ${key}` } })
    for (const [i, key] of keys.entries()) {
      const own = await read(key, tokenIds[i] ?? '')
      expect(own.status).toBe(200)
      expect(((await own.json()) as { access_token: string }).access_token).toBe(
        `value-${tokenIds[i]}`,
      )
      expect((await read(key, tokenIds[(i + 1) % RACERS] ?? '')).status).toBe(404)
    }
  })
})

describe('provider-facing one-time things', () => {
  let hip: Awaited<ReturnType<typeof startTestEmulator>>
  let t: Awaited<ReturnType<typeof serveTestApp>>
  beforeAll(async () => {
    hip = await startTestEmulator()
  })
  afterAll(() => hip.emulator.close())
  afterEach(() => t.stop())

  const groupId = () =>
    (hip.emulator.state.directory.groups.values().next().value as { id: number }).id

  async function ownerWithAddon() {
    t = await serveTestApp({ TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url })
    await seedUser(t, { email: 'ann@example.com' })
    const owner = await signedIn(t, 'ann@example.com')
    const res = await owner.api.addons.$post({
      json: {
        key: `com.example.race${Math.random().toString(36).slice(2, 8)}`,
        name: 'Race Bot',
        scopes: ['send_notification', 'view_room'],
        allowGlobal: true,
        allowRoom: false,
      },
    })
    expect(res.status).toBe(201)
    return { owner, addon: await res.json() }
  }

  it('one OAuth state and code give one exchange and one stored token', async () => {
    const { owner, addon } = await ownerWithAddon()
    const install = await fetch(`${hip.emulator.url}/admin/api/installations`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ descriptorUrl: addon.descriptorUrl, groupId: groupId() }),
    })
    expect(install.status).toBe(201)
    const inst = (await (await owner.api.installations.$get()).json()).items[0]
    const start = await owner.fetch(`${t.url}/api/installations/${inst?.id}/authorize`, {
      redirect: 'manual',
    })
    const user = hip.emulator.state.directory.usersOf(groupId())[0] as { id: number }
    const callback = await approveAtEmulator(
      hip.emulator.url,
      start.headers.get('location') ?? '',
      user.id,
    )

    const before = hip.emulator.counters().byGrant.authorization_code ?? 0
    const answers = await race(() => owner.fetch(callback, { redirect: 'manual' }))
    expect(tally(answers.map((r) => r.status))).toEqual({ 302: 1, 400: RACERS - 1 })
    expect((hip.emulator.counters().byGrant.authorization_code ?? 0) - before).toBe(1)
    expect(await countRows(t, "tokens where kind = 'user'")).toBe(1)
  })

  it('concurrent install callbacks for one oauthId leave one installation', async () => {
    const { addon } = await ownerWithAddon()
    const client = hip.emulator.registerClient({
      groupId: groupId(),
      scopes: ['send_notification', 'view_room'],
    })
    const body = JSON.stringify({
      ...client,
      capabilitiesUrl: hip.emulator.capabilitiesUrl,
      groupId: groupId(),
    })
    const answers = await race(() =>
      fetch(addon.callbackUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      }),
    )
    expect(answers.map((r) => r.status)).toEqual(Array(RACERS).fill(201))
    const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as { id: string }).id))
    expect(new Set(ids).size).toBe(1)
    expect(await countRows(t, 'installations')).toBe(1)
    expect(await countRows(t, "audit_events where action = 'installation.installed'")).toBe(1)
    expect(await countRows(t, "audit_events where action = 'installation.reinstalled'")).toBe(
      RACERS - 1,
    )
  })
})
