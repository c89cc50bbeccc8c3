import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { tokens } from '../../db/schema'
import { startTestEmulator } from '../../test/emulator-fixture'
import {
  createTestApp,
  errorOf,
  insertTokenRow,
  seedUser,
  signedIn,
  type TestApp,
} from '../../test/test-app'

const DAY = 86_400_000
const UNTRUSTED = 'https://api.example.com/v2/'
/** Trusted, but nothing listens there. */
const CLOSED = 'http://127.0.0.1:9/v2/'

let hip: Awaited<ReturnType<typeof startTestEmulator>>
let t: TestApp
let ann: Awaited<ReturnType<typeof signedIn>>
beforeAll(async () => {
  hip = await startTestEmulator()
})
afterAll(() => hip.emulator.close())
beforeEach(async () => {
  t = createTestApp({
    TOKENDESK_TRUSTED_PROVIDERS: `${hip.emulator.url},http://127.0.0.1:9`,
  })
  await seedUser(t, { email: 'ann@example.com' })
  await seedUser(t, { email: 'bob@example.com' })
  ann = await signedIn(t, 'ann@example.com')
})
afterEach(() => t.destroy())

const personal = (scopes = ['send_notification', 'view_room']) =>
  hip.emulator.mintPersonalToken({ userId: hip.user.id, scopes }).access_token

async function paste(value: string, extra: Record<string, unknown> = {}) {
  const res = await ann.api.tokens.$post({
    json: { kind: 'personal', label: 'Deploy', value, providerUrl: hip.apiUrl, ...extra },
  })
  expect(res.status).toBe(201)
  return res.json()
}

const recheck = (id: string, json: { providerUrl?: string; allowUnverified?: boolean } = {}) =>
  ann.api.tokens[':id'].recheck.$post({ param: { id }, json })

const patch = (
  id: string,
  json: { label?: string; expiresAt?: string | null; expiryFromProvider?: true },
) => ann.api.tokens[':id'].$patch({ param: { id }, json })

const storedRow = async (id: string) =>
  (await t.db.select().from(tokens).where(eq(tokens.id, id)))[0]

describe('POST /api/tokens/:id/recheck', () => {
  it('moves an unverified token to a trusted provider and takes what the provider says', async () => {
    const typed = new Date(t.clock() + 3 * DAY).toISOString()
    const token = await paste(personal(), {
      providerUrl: UNTRUSTED,
      allowUnverified: true,
      expiresAt: typed,
      scopes: ['admin_group'],
    })
    expect(token).toMatchObject({ verified: false, expiryManual: true, scopes: ['admin_group'] })

    const res = await recheck(token.id, { providerUrl: hip.apiUrl })
    expect(res.status).toBe(200)
    const after = await res.json()
    expect(after).toMatchObject({
      providerUrl: hip.apiUrl,
      verified: true,
      lastError: null,
      scopes: ['send_notification', 'view_room'],
      expiryManual: false,
      providerUser: { id: String(hip.user.id), name: 'Hip User' },
    })
    expect(after.expiresAt).toBe(after.providerExpiresAt)
    expect(Date.parse(after.expiresAt ?? '')).toBeGreaterThan(t.clock() + 300 * DAY)
    const audit = await (await ann.api.tokens[':id'].audit.$get({ param: { id: token.id } })).json()
    expect(audit.items[0]).toMatchObject({ action: 'token.rechecked' })
  })

  it('changes nothing when the provider is untrusted, unreachable or rejects the token', async () => {
    const token = await paste(personal())
    const before = await storedRow(token.id)

    const untrusted = await recheck(token.id, { providerUrl: UNTRUSTED })
    expect(untrusted.status).toBe(422)
    expect((await errorOf(untrusted)).code).toBe('provider_untrusted')

    const down = await recheck(token.id, { providerUrl: CLOSED })
    expect(down.status).toBe(422)
    expect((await errorOf(down)).code).toBe('provider_unreachable')
    expect(await storedRow(token.id)).toEqual(before)
  })

  it('answers token_invalid and changes nothing when the provider no longer knows the token', async () => {
    const value = personal()
    const token = await paste(value)
    await fetch(`${hip.apiUrl}oauth/token/${value}`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${value}` },
    })
    const before = await storedRow(token.id)
    const res = await recheck(token.id, { allowUnverified: true })
    expect(res.status).toBe(422)
    expect((await errorOf(res)).code).toBe('token_invalid')
    expect(await storedRow(token.id)).toEqual(before)
  })

  it('saves a new untrusted provider only when told to, keeping expiry and scopes', async () => {
    const token = await paste(personal())
    const res = await recheck(token.id, { providerUrl: UNTRUSTED, allowUnverified: true })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      providerUrl: UNTRUSTED,
      verified: false,
      lastError: 'Not verified: provider is not trusted',
      scopes: token.scopes,
      expiresAt: token.expiresAt,
      providerExpiresAt: token.providerExpiresAt,
    })
  })

  it('is for the owner of a pasted, live token only', async () => {
    const token = await paste(personal())
    await ann.api.tokens[':id'].shares.$post({
      param: { id: token.id },
      json: { email: 'bob@example.com', access: 'use' },
    })
    const bob = await signedIn(t, 'bob@example.com')
    const shared = await bob.api.tokens[':id'].recheck.$post({ param: { id: token.id }, json: {} })
    expect(shared.status).toBe(403)

    const annId = token.ownerId
    const addon = await insertTokenRow(t, annId, 'Add-on', 'addon', null)
    const notPasted = await recheck(addon)
    expect(notPasted.status).toBe(409)
    expect((await errorOf(notPasted)).code).toBe('conflict')

    await ann.api.tokens[':id'].revoke.$post({ param: { id: token.id } })
    expect((await recheck(token.id)).status).toBe(409)

    const bad = await ann.fetch(`http://127.0.0.1:8080/api/tokens/${token.id}/recheck`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ providerUrl: 'ftp://x.example.com/' }),
    })
    expect(bad.status).toBe(400)
  })
})

describe('manual expiry', () => {
  it('keeps the provider’s date, marks the owner’s as manual, and alerts on the effective one', async () => {
    const token = await paste(personal())
    const providerSays = token.providerExpiresAt
    expect(providerSays).not.toBeNull()
    const nextWeek = new Date(t.clock() + 7 * DAY).toISOString()

    const res = await patch(token.id, { expiresAt: nextWeek })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({
      expiresAt: nextWeek,
      providerExpiresAt: providerSays,
      expiryManual: true,
      status: 'expiring',
    })
    await t.services.refresher.tick()
    const notes = await (await ann.api.notifications.$get()).json()
    expect(notes.items.map((n) => n.title)).toEqual(['“Deploy” expires in 7 days or less'])

    // A re-check refreshes what the provider says but keeps the owner's date.
    const rechecked = await (await recheck(token.id)).json()
    expect(rechecked).toMatchObject({ expiresAt: nextWeek, expiryManual: true })

    const back = await patch(token.id, { expiryFromProvider: true })
    expect(await back.json()).toMatchObject({
      expiresAt: rechecked.providerExpiresAt,
      providerExpiresAt: rechecked.providerExpiresAt,
      expiryManual: false,
      status: 'valid',
    })
    const audit = await (await ann.api.tokens[':id'].audit.$get({ param: { id: token.id } })).json()
    expect(audit.items.map((e) => e.action).filter((a) => a === 'token.updated')).toHaveLength(2)
  })

  it('is not manual when set to the provider’s own date; clearing a reported one is', async () => {
    const token = await paste(personal())
    const same = await patch(token.id, { expiresAt: token.providerExpiresAt })
    expect(await same.json()).toMatchObject({ expiryManual: false })
    const cleared = await patch(token.id, { expiresAt: null })
    expect(await cleared.json()).toMatchObject({
      expiresAt: null,
      expiryManual: true,
      status: 'unknown_expiry',
    })
  })

  it('refuses to go back to a provider date that was never reported, or both at once', async () => {
    const token = await paste('unverified-value', { providerUrl: UNTRUSTED, allowUnverified: true })
    const none = await patch(token.id, { expiryFromProvider: true })
    expect(none.status).toBe(409)
    const both = await patch(token.id, {
      expiresAt: new Date(t.clock() + DAY).toISOString(),
      expiryFromProvider: true,
    })
    expect(both.status).toBe(400)
    expect(await storedRow(token.id)).toMatchObject({ expiryManual: false, expiresAt: null })
  })
})
