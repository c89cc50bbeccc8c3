import { count, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { auditEvents, notifications, oauthStates, tokens, users } from '../../db/schema'
import { unseal } from '../../services/tokens/token-secrets'
import { approveAtEmulator, startTestEmulator } from '../../test/emulator-fixture'
import { errorOf, insertTokenRow, seedUser, serveTestApp, signedIn } from '../../test/test-app'

/**
 * Reconnect over real HTTP against the HipChat emulator: a user token whose grant the provider
 * revoked is approved again and the new grant lands in the same row.
 */

let hip: Awaited<ReturnType<typeof startTestEmulator>>
let t: Awaited<ReturnType<typeof serveTestApp>>
let owner: Awaited<ReturnType<typeof signedIn>>
let ownerId: string

beforeAll(async () => {
  hip = await startTestEmulator()
})
afterAll(() => hip.emulator.close())
beforeEach(async () => {
  hip.emulator.reset()
  t = await serveTestApp({ TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url })
  ownerId = (await seedUser(t, { email: 'ann@example.com' })).id
  await seedUser(t, { email: 'bob@example.com' })
  await seedUser(t, { email: 'root@example.com', role: 'admin' })
  owner = await signedIn(t, 'ann@example.com')
})
afterEach(() => t.stop())

const groupId = () =>
  (hip.emulator.state.directory.groups.values().next().value as { id: number }).id
const hipUser = () => hip.emulator.state.directory.usersOf(groupId())[0] as { id: number }
const exchanges = () => hip.emulator.counters().total

const row = async (id: string) => (await t.db.select().from(tokens).where(eq(tokens.id, id)))[0]
const accessValue = async (id: string) => {
  const r = await row(id)
  return r?.accessTokenEnc ? unseal(t.deps.keyring, r, 'access_token', r.accessTokenEnc) : null
}

async function installation(scopes = ['view_room', 'send_notification']) {
  const client = hip.emulator.registerClient({ groupId: groupId(), scopes })
  const res = await owner.api.installations.$post({
    json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
  })
  expect(res.status).toBe(201)
  return (await res.json()).id
}

/** The first connection: consent as `userId`, back to Token Desk, the new token's id. */
async function connectUser(installationId: string, userId = hipUser().id) {
  const start = await owner.fetch(`${t.url}/api/installations/${installationId}/authorize`, {
    redirect: 'manual',
  })
  const callback = await approveAtEmulator(
    hip.emulator.url,
    start.headers.get('location') ?? '',
    userId,
  )
  const done = await owner.fetch(callback, { redirect: 'manual' })
  return /^\/tokens\/([\w-]+)/.exec(done.headers.get('location') ?? '')?.[1] ?? ''
}

/** The provider forgets the grant: every token of its refresh family is revoked. */
async function revokeAtProvider(id: string) {
  const access = (await accessValue(id)) ?? ''
  const familyId = hip.emulator.state.tokens.access.get(access)?.familyId ?? ''
  hip.emulator.state.tokens.revokeFamily(familyId)
}

async function brokenUserToken() {
  const id = await connectUser(await installation())
  await revokeAtProvider(id)
  const refresh = await owner.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
  expect(refresh.status).toBe(409)
  expect((await row(id))?.status).toBe('needs_reauth')
  return id
}

const startReconnect = (id: string, agent = owner) =>
  agent.fetch(`${t.url}/api/tokens/${id}/reconnect`, { redirect: 'manual' })

/** Reconnect up to the provider's redirect back to Token Desk (not yet followed). */
async function approveReconnect(id: string, userId = hipUser().id) {
  const start = await startReconnect(id)
  expect(start.status).toBe(302)
  return approveAtEmulator(hip.emulator.url, start.headers.get('location') ?? '', userId)
}

async function bindBotKey(tokenId: string) {
  const res = await owner.api['bot-keys'].$post({
    json: { name: 'deploy bot', tokenIds: [tokenId] },
  })
  expect(res.status).toBe(201)
  return (await res.json()).key
}

const botAccess = (id: string, key: string) =>
  fetch(`${t.url}/api/v1/tokens/${id}/access`, { headers: { authorization: `Bearer ${key}` } })

describe('reconnect', () => {
  it('writes the new grant into the same token: id, shares and bot keys kept, no duplicate', async () => {
    const id = await brokenUserToken()
    const key = await bindBotKey(id)
    const share = await owner.api.tokens[':id'].shares.$post({
      param: { id },
      json: { email: 'bob@example.com', access: 'use' },
    })
    expect(share.status).toBe(201)
    expect((await botAccess(id, key)).status).toBe(409)
    const before = await row(id)
    if (!before) throw new Error('token missing')

    const start = await startReconnect(id)
    expect(start.status).toBe(302)
    const consent = new URL(start.headers.get('location') ?? '')
    expect(consent.origin).toBe(hip.emulator.url)
    expect(consent.searchParams.get('scope')).toBe(before.scopes.join(' '))
    expect(consent.searchParams.get('code_challenge_method')).toBe('S256')
    const callback = await approveAtEmulator(hip.emulator.url, consent.href, hipUser().id)
    const done = await owner.fetch(callback, { redirect: 'manual' })
    expect(done.status).toBe(302)
    expect(done.headers.get('location')).toBe(`/tokens/${id}?connected=1`)

    const after = await row(id)
    expect(after).toMatchObject({
      id,
      ownerId,
      label: before.label,
      status: 'active',
      generation: before.generation + 1,
      failCount: 0,
      lastError: null,
      failingSince: null,
      nextAttemptAt: null,
      leaseOwner: null,
      leaseUntil: null,
      providerUser: before.providerUser,
      expiresAt: t.clock() + 3600_000,
    })
    expect(after?.accessTokenEnc).not.toBe(before.accessTokenEnc)
    expect(after?.refreshTokenEnc).not.toBe(before.refreshTokenEnc)
    const fresh = (await accessValue(id)) ?? ''
    expect(hip.emulator.state.tokens.findActiveAccess(fresh)).toBeTruthy()

    const view = await (await owner.api.tokens[':id'].$get({ param: { id } })).json()
    expect(view).toMatchObject({ id, status: 'valid', refreshable: true, lastError: null })
    const list = await (await owner.api.tokens.$get({ query: {} })).json()
    expect(list.items.map((i) => i.id)).toEqual([id])
    const shares = await (await owner.api.tokens[':id'].shares.$get({ param: { id } })).json()
    expect(shares.items).toMatchObject([{ email: 'bob@example.com', access: 'use' }])

    const bot = await botAccess(id, key)
    expect(bot.status).toBe(200)
    expect(((await bot.json()) as { access_token: string }).access_token).toBe(fresh)
    // The reconnected grant refreshes like the first one did.
    expect((await owner.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })).status).toBe(
      200,
    )

    const audit = await t.db.select().from(auditEvents).where(eq(auditEvents.targetId, id))
    expect(audit.filter((a) => a.action === 'token.created')).toHaveLength(1)
    expect(audit.find((a) => a.action === 'token.reconnected')).toMatchObject({
      actorId: ownerId,
      actorType: 'person',
      ownerId,
    })
    const notes = await t.db.select().from(notifications).where(eq(notifications.tokenId, id))
    expect(notes.map((n) => n.type)).toContain('reconnected')
  })

  it('refuses a grant for a different provider user and changes nothing', async () => {
    const id = await brokenUserToken()
    const other = hip.emulator.createUser({ groupId: groupId(), name: 'Grace Other' })
    const before = await row(id)
    const callback = await approveReconnect(id, other.id)
    const res = await owner.fetch(callback, { redirect: 'manual' })
    expect(res.status).toBe(409)
    const page = await res.text()
    expect(page).toContain('not reconnected')
    expect(page).toContain('Grace Other')
    expect(page).toContain(`href="/tokens/${id}"`)
    expect(await row(id)).toEqual(before)
    const list = await (await owner.api.tokens.$get({ query: {} })).json()
    expect(list.items.map((i) => i.id)).toEqual([id])
    // The state was spent: the same redirect cannot be tried again.
    expect((await owner.fetch(callback, { redirect: 'manual' })).status).toBe(400)
  })

  it('refuses a grant with fewer scopes than the token had', async () => {
    const id = await brokenUserToken()
    const before = await row(id)
    const start = await startReconnect(id)
    const consent = new URL(start.headers.get('location') ?? '')
    consent.searchParams.set('scope', 'view_room')
    const callback = await approveAtEmulator(hip.emulator.url, consent.href, hipUser().id)
    const res = await owner.fetch(callback, { redirect: 'manual' })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('missing: send_notification')
    expect(await row(id)).toEqual(before)
  })

  it('answers 400 to a replayed reconnect callback without a second exchange', async () => {
    const id = await brokenUserToken()
    const callback = await approveReconnect(id)
    expect((await owner.fetch(callback, { redirect: 'manual' })).status).toBe(302)
    const renewed = await row(id)
    const count = exchanges()
    const replay = await owner.fetch(callback, { redirect: 'manual' })
    expect(replay.status).toBe(400)
    expect(exchanges()).toBe(count)
    expect(await row(id)).toEqual(renewed)
  })

  it('refuses when the token was deleted between start and callback', async () => {
    const id = await brokenUserToken()
    const callback = await approveReconnect(id)
    expect((await owner.api.tokens[':id'].$delete({ param: { id } })).status).toBe(200)
    const count = exchanges()
    const res = await owner.fetch(callback, { redirect: 'manual' })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('deleted')
    expect(exchanges()).toBe(count)
    expect((await (await owner.api.tokens.$get({ query: {} })).json()).items).toEqual([])
  })

  it('refuses when the token changed owner between start and callback', async () => {
    const id = await brokenUserToken()
    const callback = await approveReconnect(id)
    const [bob] = await t.db
      .select({ id: users.id })
      .from(users)
      .where(eq(users.email, 'bob@example.com'))
    await t.write((tx) => tx.update(tokens).set({ ownerId: bob?.id }).where(eq(tokens.id, id)))
    const before = await row(id)
    const count = exchanges()
    const res = await owner.fetch(callback, { redirect: 'manual' })
    expect(res.status).toBe(409)
    expect(await res.text()).toContain('changed hands')
    expect(exchanges()).toBe(count)
    expect(await row(id)).toEqual(before)
  })
})

describe('who may reconnect', () => {
  it('answers 403 to a sharee and an admin, 404 to a stranger, 401 without a session', async () => {
    const id = await brokenUserToken()
    await owner.api.tokens[':id'].shares.$post({
      param: { id },
      json: { email: 'bob@example.com', access: 'use' },
    })
    const bob = await signedIn(t, 'bob@example.com')
    const root = await signedIn(t, 'root@example.com')
    await seedUser(t, { email: 'eve@example.com' })
    const eve = await signedIn(t, 'eve@example.com')
    for (const [agent, status] of [
      [bob, 403],
      [root, 403],
      [eve, 404],
    ] as const) {
      const res = await startReconnect(id, agent)
      expect(res.status).toBe(status)
      expect(res.headers.get('location')).toBeNull()
    }
    expect(
      (await fetch(`${t.url}/api/tokens/${id}/reconnect`, { redirect: 'manual' })).status,
    ).toBe(401)
    const [states] = await t.db.select({ n: count() }).from(oauthStates)
    // Only the first connection's state exists: no refused attempt started a flow.
    expect(states).toEqual({ n: 1 })
  })

  it('answers 409 not_reconnectable for tokens nobody approved at the provider', async () => {
    const inst = await installation()
    const minted = await owner.api.installations[':id'].tokens.$post({
      param: { id: inst },
      json: { scopes: [] },
    })
    const addon = (await minted.json()).id
    const pasted = await insertTokenRow(t, ownerId, 'Pasted', 'personal', null)
    for (const id of [addon, pasted]) {
      const res = await startReconnect(id)
      expect(res.status).toBe(409)
      expect((await errorOf(res)).code).toBe('not_reconnectable')
    }
  })
})
