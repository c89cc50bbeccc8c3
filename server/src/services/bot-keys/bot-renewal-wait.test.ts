import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { tokens } from '../../db/schema'
import { startTestEmulator } from '../../test/emulator-fixture'
import { seedUser, serveTestApp, signedIn } from '../../test/test-app'

/**
 * A due token that is still valid, at a provider that hangs: bots get the current value after
 * `renewalWaitMs` instead of waiting for the exchange's timeout, on the state as it is then.
 */
let hip: Awaited<ReturnType<typeof startTestEmulator>>
let t: Awaited<ReturnType<typeof serveTestApp>>
let owner: Awaited<ReturnType<typeof signedIn>>

// Each exchange attempt times out after 400 ms: a renewal at a hanging provider takes > 1 s.
const WAIT_MS = 100

beforeAll(async () => {
  hip = await startTestEmulator()
})
afterAll(() => hip.emulator.close())
beforeEach(async () => {
  hip.emulator.reset()
  t = await serveTestApp(
    { TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url },
    { timeoutMs: 400, engine: { sleep: async () => {} }, botAccess: { renewalWaitMs: WAIT_MS } },
  )
  await seedUser(t, { email: 'ann@example.com' })
  owner = await signedIn(t, 'ann@example.com')
})
afterEach(async () => {
  // Let a renewal still hanging at the emulator end before the app goes.
  hip.emulator.reset()
  await t.services.engine.settle()
  await t.stop()
})

/** An add-on token with `leftMs` of its hour left (due once under ~6 minutes), and a bot key for it. */
async function dueAddonToken(leftMs: number) {
  const group = hip.emulator.createGroup({ name: 'g' })
  const client = hip.emulator.registerClient({ groupId: group.id, scopes: ['send_notification'] })
  const inst = await (
    await owner.api.installations.$post({
      json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
    })
  ).json()
  const minted = await (
    await owner.api.installations[':id'].tokens.$post({
      param: { id: inst.id },
      json: { scopes: [] },
    })
  ).json()
  await t.write((tx) =>
    tx
      .update(tokens)
      .set({ expiresAt: t.clock() + leftMs, lastRefreshedAt: t.clock() + leftMs - 3_600_000 })
      .where(eq(tokens.id, minted.id)),
  )
  const created = await (
    await owner.api['bot-keys'].$post({ json: { name: 'bot', tokenIds: [minted.id] } })
  ).json()
  const revealed = await owner.api.tokens[':id'].reveal.$post({
    param: { id: minted.id },
    json: { purpose: 'reveal' },
  })
  const value = ((await revealed.json()) as { value: string }).value
  return { id: minted.id, key: created.key, keyId: created.id, value }
}

/** A bot call that is waiting when the injected clock moves on by `ms`. */
async function readWhileClockMoves(tok: { id: string; key: string }, ms: number) {
  const pending = botRead(tok.id, tok.key)
  await new Promise((r) => setTimeout(r, 50))
  t.clock.advance(ms)
  return pending
}

const botRead = (id: string, key: string) =>
  fetch(`${t.url}/api/v1/tokens/${id}/access`, { headers: { authorization: `Bearer ${key}` } })

const stored = async (id: string) =>
  (
    await t.db
      .select({ g: tokens.generation, failCount: tokens.failCount, lastError: tokens.lastError })
      .from(tokens)
      .where(eq(tokens.id, id))
  )[0]
const generation = async (id: string) => (await stored(id))?.g

describe('bot access while a renewal hangs', () => {
  it('answers a still-valid token with its current value after the wait, and the renewal goes on', async () => {
    const tok = await dueAddonToken(120_000)
    hip.emulator.setFault({ mode: 'hang', count: 100 })
    const started = performance.now()
    const answers = await Promise.all(Array.from({ length: 20 }, () => botRead(tok.id, tok.key)))
    const took = performance.now() - started
    expect(answers.map((a) => a.status)).toEqual(Array(20).fill(200))
    const bodies = await Promise.all(
      answers.map((a) => a.json() as Promise<{ access_token: string }>),
    )
    expect(new Set(bodies.map((b) => b.access_token))).toEqual(new Set([tok.value]))
    // None of them waited for the renewal: it is still running (three attempts of 400 ms each
    // at a provider that hangs), nothing about it is recorded yet.
    expect(took).toBeLessThan(1200)
    expect(await stored(tok.id)).toEqual({ g: 0, failCount: 0, lastError: null })
  })

  it('reads the state again when the wait is over: a key revoked meanwhile gets 401', async () => {
    const tok = await dueAddonToken(120_000)
    hip.emulator.setFault({ mode: 'hang', count: 100 })
    const pending = botRead(tok.id, tok.key)
    // Revoked while that call waits on the renewal.
    await new Promise((r) => setTimeout(r, WAIT_MS / 4))
    expect((await owner.api['bot-keys'][':id'].$delete({ param: { id: tok.keyId } })).status).toBe(
      204,
    )
    expect((await pending).status).toBe(401)
  })

  it('waits for the renewal when the token has less than a minute left, and gets the new value', async () => {
    const tok = await dueAddonToken(30_000)
    hip.emulator.setFault({ mode: 'hang', count: 1 })
    const res = await botRead(tok.id, tok.key)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { access_token: string }
    expect(body.access_token).not.toBe(tok.value)
    expect(await generation(tok.id)).toBe(1)
  })

  it('waits no longer than the token lives: expired meanwhile, 502 with Retry-After (attack 17b F1)', async () => {
    const tok = await dueAddonToken(500)
    hip.emulator.setFault({ mode: 'hang', count: 100 })
    const res = await readWhileClockMoves(tok, 1_000)
    expect(res.status).toBe(502)
    expect(res.headers.get('retry-after')).toBe('1')
    // Answered at the token's end, not at the renewal's.
    expect(await stored(tok.id)).toEqual({ g: 0, failCount: 0, lastError: null })
  })

  it('judges a failed renewal against the clock when it answers, not when the call came in', async () => {
    const tok = await dueAddonToken(30_000)
    hip.emulator.setFault({ mode: 'hang', count: 100 })
    // The token's last 30 s pass while its renewal hangs and fails.
    const res = await readWhileClockMoves(tok, 31_000)
    expect(res.status).toBe(502)
    expect(Number(res.headers.get('retry-after'))).toBeGreaterThan(25)
    expect((await stored(tok.id))?.failCount).toBe(1)
  })

  it('a healthy provider answers within the wait: the bot gets the renewed value', async () => {
    const tok = await dueAddonToken(120_000)
    const res = await botRead(tok.id, tok.key)
    expect(res.status).toBe(200)
    expect(((await res.json()) as { access_token: string }).access_token).not.toBe(tok.value)
    expect(await generation(tok.id)).toBe(1)
  })
})
