import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { revocationOutbox } from '../../db/schema'
import { fakeClock } from '../../lib/clock'
import { startTestEmulator } from '../../test/emulator-fixture'
import { createTestApp, seedUser, signedIn, type TestApp } from '../../test/test-app'
import { WIPED } from './outbox-store'

let hip: Awaited<ReturnType<typeof startTestEmulator>>
let hipClock: ReturnType<typeof fakeClock>
let t: TestApp

beforeEach(async () => {
  hipClock = fakeClock()
  // One call per token per five-minute window: the paste's session lookup uses it up.
  hip = await startTestEmulator({ rateLimit: 1, now: hipClock })
  t = createTestApp({ TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url }, undefined, {
    refresher: { jitterMs: 0 },
  })
  await seedUser(t, { email: 'ann@example.com' })
})
afterEach(async () => {
  await t.destroy()
  await hip.emulator.close()
})

describe('revocation outbox against the HipChat emulator', () => {
  it('retries a session DELETE the emulator rate-limited (429) and revokes the session later', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const value = hip.emulator.mintPersonalToken({ userId: hip.user.id }).access_token
    const pasted = await ann.api.tokens.$post({
      json: { kind: 'personal', label: 'Deploy bot', value, providerUrl: hip.apiUrl },
    })
    expect(pasted.status).toBe(201)
    const { id } = await pasted.json()

    const revoked = await ann.api.tokens[':id'].revoke.$post({ param: { id } })
    expect(await revoked.json()).toEqual({
      provider: 'error',
      providerStatus: 429,
      revocationQueued: true,
    })
    expect(hip.emulator.state.tokens.findActiveAccess(value)).toBeDefined()
    expect(await (await ann.api.tokens[':id'].$get({ param: { id } })).json()).toMatchObject({
      status: 'revoked',
      revocationPending: true,
    })

    // Still inside the emulator's window: the retry is refused again and stays queued.
    t.clock.advance(60_000)
    expect((await t.services.refresher.tick()).revocations).toMatchObject({ retrying: 1 })
    expect(hip.emulator.state.tokens.findActiveAccess(value)).toBeDefined()

    hipClock.advance(300_000)
    t.clock.advance(120_000)
    expect((await t.services.refresher.tick()).revocations).toMatchObject({ revoked: 1 })
    expect(hip.emulator.state.tokens.findActiveAccess(value)).toBeUndefined()
    expect(await t.db.select().from(revocationOutbox)).toEqual([
      expect.objectContaining({ status: 'done', attempts: 3, valueEnc: WIPED }),
    ])
    expect(await (await ann.api.tokens[':id'].$get({ param: { id } })).json()).toMatchObject({
      revocationPending: false,
    })
  })
})
