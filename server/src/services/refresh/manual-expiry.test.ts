import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from 'vitest'
import { tokens } from '../../db/schema'
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

async function userToken() {
  const group = [...hip.emulator.state.directory.groups.values()][0] as { id: number }
  const person = hip.emulator.state.directory.usersOf(group.id)[0] as { id: number }
  const client = hip.emulator.registerClient({ groupId: group.id, scopes: ['view_room'] })
  const inst = await owner.api.installations.$post({
    json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
  })
  const { id } = await inst.json()
  const start = await owner.fetch(`${t.url}/api/installations/${id}/authorize`, {
    redirect: 'manual',
  })
  const callback = await approveAtEmulator(
    hip.emulator.url,
    start.headers.get('location') ?? '',
    person.id,
  )
  const done = await owner.fetch(callback, { redirect: 'manual' })
  return /\/tokens\/([\w-]+)/.exec(done.headers.get('location') ?? '')?.[1] ?? ''
}

const expiry = async (id: string) => {
  const [r] = await t.db
    .select({
      expiresAt: tokens.expiresAt,
      providerExpiresAt: tokens.providerExpiresAt,
      expiryManual: tokens.expiryManual,
    })
    .from(tokens)
    .where(eq(tokens.id, id))
  return r
}

it('a renewal replaces a manual expiry with the one the provider reports, and says so', async () => {
  const id = await userToken()
  const issued = await expiry(id)
  expect(issued?.providerExpiresAt).toBe(issued?.expiresAt)
  expect(issued?.expiryManual).toBe(false)

  const manual = new Date(t.clock() + 3 * 86_400_000).toISOString()
  const patched = await owner.api.tokens[':id'].$patch({
    param: { id },
    json: { expiresAt: manual },
  })
  expect(patched.status).toBe(200)
  expect((await expiry(id))?.expiryManual).toBe(true)

  t.clock.advance(60_000)
  const refreshed = await owner.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
  expect(refreshed.status).toBe(200)
  const after = await expiry(id)
  expect(after?.expiryManual).toBe(false)
  expect(after?.providerExpiresAt).toBe(after?.expiresAt)
  expect(after?.expiresAt).not.toBe(Date.parse(manual))
})
