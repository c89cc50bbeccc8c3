import { count, eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { tokens } from '../../db/schema'
import { startTestEmulator } from '../../test/emulator-fixture'
import { createTestApp, errorOf, seedUser, signedIn, type TestApp } from '../../test/test-app'

let hip: Awaited<ReturnType<typeof startTestEmulator>>
let t: TestApp
beforeAll(async () => {
  hip = await startTestEmulator()
})
afterAll(() => hip.emulator.close())
beforeEach(async () => {
  t = createTestApp({ TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url })
  await seedUser(t, { email: 'ann@example.com' })
  await seedUser(t, { email: 'bob@example.com' })
  await seedUser(t, { email: 'admin@example.com', role: 'admin' })
})
afterEach(() => t.destroy())

const personal = (scopes = ['send_notification', 'view_room']) =>
  hip.emulator.mintPersonalToken({ userId: hip.user.id, scopes }).access_token

async function paste(
  agent: Awaited<ReturnType<typeof signedIn>>,
  value: string,
  extra: Record<string, unknown> = {},
) {
  return agent.fetch('http://127.0.0.1:8080/api/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      kind: 'personal',
      label: 'My token',
      value,
      providerUrl: hip.apiUrl,
      ...extra,
    }),
  })
}

const created = async (res: Response) => (await res.json()) as { id: string }

const tokenCount = async () => (await t.db.select({ n: count() }).from(tokens))[0]?.n

const storedRow = async (id: string) =>
  (
    await t.db
      .select({ status: tokens.status, enc: tokens.accessTokenEnc })
      .from(tokens)
      .where(eq(tokens.id, id))
  )[0]

describe('pasting tokens', () => {
  it('validates a personal token with the provider and stores what it says', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const res = await ann.api.tokens.$post({
      json: {
        kind: 'personal',
        label: '  Deploy bot  ',
        value: `  ${personal()}\n`,
        providerUrl: hip.apiUrl,
      },
    })
    expect(res.status).toBe(201)
    const token = await res.json()
    expect(token).toMatchObject({
      kind: 'personal',
      label: 'Deploy bot',
      scopes: ['send_notification', 'view_room'],
      verified: true,
      status: 'valid',
      access: 'owner',
      providerUser: { id: String(hip.user.id), name: 'Hip User' },
    })
    const expires = Date.parse(token.expiresAt ?? '')
    expect(Math.abs(expires - (t.clock() + 365 * 86_400_000))).toBeLessThan(60_000)
    expect(JSON.stringify(token)).not.toMatch(/v1\.|access_token|fingerprint|Enc/)
  })

  it('binds a room notification token to its room', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const value = hip.emulator.mintRoomToken({ roomId: hip.room.id }).access_token
    const res = await paste(ann, value, { kind: 'notification', label: 'Ops alerts' })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({
      roomId: String(hip.room.id),
      roomName: 'Ops Room',
      scopes: ['send_notification'],
    })
  })

  it('rejects a token the provider does not know with 422 and stores nothing', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const res = await paste(ann, 'x'.repeat(40))
    expect(res.status).toBe(422)
    expect((await errorOf(res)).code).toBe('token_invalid')
    expect(await tokenCount()).toBe(0)
  })

  it('answers 409 for the same value twice from one owner but lets another owner store it', async () => {
    const value = personal()
    const ann = await signedIn(t, 'ann@example.com')
    expect((await paste(ann, value)).status).toBe(201)
    const again = await paste(ann, ` ${value} `)
    expect(again.status).toBe(409)
    expect((await errorOf(again)).code).toBe('duplicate_token')
    expect((await paste(await signedIn(t, 'bob@example.com'), value)).status).toBe(201)
  })

  it('refuses an untrusted or unreachable provider unless told to save unverified', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const untrustedInput = {
      providerUrl: 'https://api.example.com/v2/',
      expiresAt: '2026-06-01T00:00:00Z',
      scopes: ['view_room'],
    }
    const refused = await paste(ann, 'untrusted-token-value', untrustedInput)
    expect(refused.status).toBe(422)
    const why = await errorOf(refused)
    expect(why.code).toBe('provider_untrusted')
    expect(why.message).toContain('https://api.example.com is not a provider this server trusts')
    expect(await tokenCount()).toBe(0)

    const untrusted = await paste(ann, 'untrusted-token-value', {
      ...untrustedInput,
      allowUnverified: true,
    })
    expect(untrusted.status).toBe(201)
    expect(await untrusted.json()).toMatchObject({
      verified: false,
      status: 'valid',
      scopes: ['view_room'],
      expiresAt: '2026-06-01T00:00:00.000Z',
      providerExpiresAt: null,
      expiryManual: true,
      lastError: 'Not verified: provider is not trusted',
    })

    const closed = createTestApp({ TOKENDESK_TRUSTED_PROVIDERS: 'http://127.0.0.1:9' })
    await seedUser(closed, { email: 'ann@example.com' })
    const agent = await signedIn(closed, 'ann@example.com')
    const down = { providerUrl: 'http://127.0.0.1:9/v2/' }
    const unreachable = await paste(agent, 'unreachable-token', down)
    expect(unreachable.status).toBe(422)
    expect((await errorOf(unreachable)).code).toBe('provider_unreachable')
    const res = await paste(agent, 'unreachable-token', { ...down, allowUnverified: true })
    expect(res.status).toBe(201)
    expect(await res.json()).toMatchObject({
      verified: false,
      status: 'unknown_expiry',
      expiryManual: false,
    })
    await closed.destroy()
  })

  it('never saves a token the provider rejects, even when told to save unverified', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const res = await paste(ann, 'y'.repeat(40), { allowUnverified: true })
    expect(res.status).toBe(422)
    expect((await errorOf(res)).code).toBe('token_invalid')
    expect(await tokenCount()).toBe(0)
  })

  it('keeps the expiry the provider reported', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const res = await ann.api.tokens.$post({
      json: { kind: 'personal', label: 'Deploy', value: personal(), providerUrl: hip.apiUrl },
    })
    const token = await res.json()
    expect(token.providerExpiresAt).toBe(token.expiresAt)
    expect(token.expiryManual).toBe(false)
  })

  it.each([
    ['control characters', 'abc\u0007def'],
    ['a value over 4 KB', 'a'.repeat(4097)],
    ['an empty value', '   '],
  ])('rejects %s with 400', async (_name, value) => {
    const ann = await signedIn(t, 'ann@example.com')
    const res = await paste(ann, value)
    expect(res.status).toBe(400)
    expect(await tokenCount()).toBe(0)
  })
})

describe('reveal, edit, delete', () => {
  it('reveals for the owner within 10 minutes of login, then asks for the password again', async () => {
    const value = personal()
    const ann = await signedIn(t, 'ann@example.com')
    const { id } = await created(await paste(ann, value))
    const reveal = () =>
      ann.api.tokens[':id'].reveal.$post({ param: { id }, json: { purpose: 'copy' } })
    const ok = await reveal()
    expect(ok.status).toBe(200)
    expect(ok.headers.get('cache-control')).toBe('no-store')
    expect(await ok.json()).toEqual({ value })
    t.clock.advance(11 * 60_000)
    const stale = await reveal()
    expect(stale.status).toBe(401)
    expect((await errorOf(stale)).code).toBe('reauth_required')
    expect((await ann.api.auth.reauth.$post({ json: { password: 'nope' } })).status).toBe(400)
    expect(
      (await ann.api.auth.reauth.$post({ json: { password: 'correct horse battery' } })).status,
    ).toBe(204)
    expect((await reveal()).status).toBe(200)
    const audit = await (await ann.api.tokens[':id'].audit.$get({ param: { id } })).json()
    expect(audit.items.map((e) => e.action)).toEqual([
      'token.copied',
      'token.copied',
      'token.created',
    ])
    expect(JSON.stringify(audit)).not.toContain(value)
  })

  it('edits label and expiry and rejects mass assignment', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const { id } = await created(await paste(ann, personal()))
    const res = await ann.api.tokens[':id'].$patch({
      param: { id },
      json: { label: 'Renamed', expiresAt: null },
    })
    expect(await res.json()).toMatchObject({
      label: 'Renamed',
      expiresAt: null,
      status: 'unknown_expiry',
    })
    for (const body of [
      { ownerId: 'x' },
      { status: 'revoked' },
      { generation: 5 },
      { label: 'ok', ownerId: 'x' },
    ]) {
      const bad = await ann.fetch(`http://127.0.0.1:8080/api/tokens/${id}`, {
        method: 'PATCH',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(body),
      })
      expect(bad.status).toBe(400)
    }
    expect(await (await ann.api.tokens[':id'].$get({ param: { id } })).json()).toMatchObject({
      label: 'Renamed',
      ownerId: expect.any(String),
      status: 'unknown_expiry',
    })
  })

  it('revokes: tells the provider, wipes the values, notifies the owner once and audits who did it', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const { id } = await created(await paste(ann, personal()))
    const res = await ann.fetch(`http://127.0.0.1:8080/api/tokens/${id}/revoke`, {
      method: 'POST',
      headers: { 'user-agent': 'audit-test/1.0' },
    })
    expect(await res.json()).toEqual({
      provider: 'revoked',
      providerStatus: 204,
      revocationQueued: false,
    })
    expect(await storedRow(id)).toEqual({ status: 'revoked', enc: null })
    const notes = await (await ann.api.notifications.$get()).json()
    expect(notes.items.map((n) => n.type)).toEqual(['revoked'])
    const events = await (await ann.api.tokens[':id'].audit.$get({ param: { id } })).json()
    expect(events.items[0]).toMatchObject({
      action: 'token.revoked',
      userAgent: 'audit-test/1.0',
      actorEmail: 'ann@example.com',
    })
  })

  it('deletes: revokes at the provider and wipes the row', async () => {
    const value = personal()
    const ann = await signedIn(t, 'ann@example.com')
    const { id } = await created(await paste(ann, value))
    const res = await ann.api.tokens[':id'].$delete({ param: { id } })
    expect(await res.json()).toEqual({
      deleted: true,
      provider: 'revoked',
      providerStatus: 204,
      revocationQueued: false,
    })
    expect(await tokenCount()).toBe(0)
    const check = await fetch(`${hip.apiUrl}oauth/token/${value}`, {
      headers: { authorization: `Bearer ${value}` },
    })
    expect(check.status).toBe(401)
  })

  it('fails closed with a generic 500 when a ciphertext was tampered with', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const { id } = await created(await paste(ann, personal()))
    const parts = String((await storedRow(id))?.enc).split('.')
    parts[3] = `${parts[3]?.slice(0, -2)}AA`
    await t.write((tx) =>
      tx
        .update(tokens)
        .set({ accessTokenEnc: parts.join('.') })
        .where(eq(tokens.id, id)),
    )
    const res = await ann.api.tokens[':id'].reveal.$post({
      param: { id },
      json: { purpose: 'reveal' },
    })
    expect(res.status).toBe(500)
    expect(await res.text()).toBe('{"error":{"code":"internal","message":"Internal server error"}}')
  })
})

describe('sharing and admins', () => {
  it('view shares see metadata, use shares may reveal, removal hides it again', async () => {
    const value = personal()
    const ann = await signedIn(t, 'ann@example.com')
    const bob = await signedIn(t, 'bob@example.com')
    const { id } = await created(await paste(ann, value))
    expect((await bob.api.tokens[':id'].$get({ param: { id } })).status).toBe(404)

    const share = await ann.api.tokens[':id'].shares.$post({
      param: { id },
      json: { email: 'BOB@example.com', access: 'view' },
    })
    expect(share.status).toBe(201)
    const bobView = await (await bob.api.tokens[':id'].$get({ param: { id } })).json()
    expect(bobView).toMatchObject({ access: 'view', ownerEmail: 'ann@example.com' })
    expect(
      (await bob.api.tokens[':id'].reveal.$post({ param: { id }, json: { purpose: 'reveal' } }))
        .status,
    ).toBe(403)
    const shared = await (await bob.api.tokens.$get({ query: { scope: 'shared' } })).json()
    expect(shared.items.map((i) => i.id)).toEqual([id])
    expect((await (await bob.api.tokens.$get({ query: { scope: 'mine' } })).json()).items).toEqual(
      [],
    )

    await ann.api.tokens[':id'].shares.$post({
      param: { id },
      json: { email: 'bob@example.com', access: 'use' },
    })
    const reveal = await bob.api.tokens[':id'].reveal.$post({
      param: { id },
      json: { purpose: 'copy' },
    })
    expect(await reveal.json()).toEqual({ value })
    expect(
      (
        await bob.api.tokens[':id'].shares.$post({
          param: { id },
          json: { email: 'admin@example.com', access: 'use' },
        })
      ).status,
    ).toBe(403)

    const list = await (await ann.api.tokens[':id'].shares.$get({ param: { id } })).json()
    expect(list.items).toMatchObject([{ email: 'bob@example.com', access: 'use' }])
    const bobId = list.items[0]?.userId ?? ''
    expect(
      (await ann.api.tokens[':id'].shares[':userId'].$delete({ param: { id, userId: bobId } }))
        .status,
    ).toBe(204)
    expect((await bob.api.tokens[':id'].$get({ param: { id } })).status).toBe(404)
  })

  it('admins see every token’s metadata, cannot reveal, and can reassign (re-encrypting)', async () => {
    const value = personal()
    const ann = await signedIn(t, 'ann@example.com')
    const admin = await signedIn(t, 'admin@example.com')
    const { id } = await created(await paste(ann, value))
    const all = await (await admin.api.tokens.$get({ query: {} })).json()
    expect(all.items).toMatchObject([{ id, access: 'admin', ownerEmail: 'ann@example.com' }])
    expect(
      (await admin.api.tokens[':id'].reveal.$post({ param: { id }, json: { purpose: 'reveal' } }))
        .status,
    ).toBe(403)
    const before = await storedRow(id)
    expect(
      (
        await admin.api.tokens[':id'].owner.$post({
          param: { id },
          json: { email: 'bob@example.com', reason: 'Ann left the team' },
        })
      ).status,
    ).toBe(204)
    const after = await storedRow(id)
    expect(after?.enc).toMatch(/^v1\./)
    expect(after?.enc).not.toBe(before?.enc)
    const bob = await signedIn(t, 'bob@example.com')
    expect(
      await (
        await bob.api.tokens[':id'].reveal.$post({ param: { id }, json: { purpose: 'reveal' } })
      ).json(),
    ).toEqual({ value })
    expect((await ann.api.tokens[':id'].$get({ param: { id } })).status).toBe(404)
    expect(
      (
        await ann.api.tokens[':id'].owner.$post({
          param: { id },
          json: { email: 'ann@example.com', reason: 'give it back' },
        })
      ).status,
    ).toBe(404)
  })
})
