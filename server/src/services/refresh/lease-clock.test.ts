import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { eq, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { rawRows } from '../../db/raw'
import { tokens } from '../../db/schema'
import { createTestApp, seedUser, signedIn, type TestApp } from '../../test/test-app'
import { dbNowMs } from './db-now'
import { secondProcess } from './second-process'

/** Issue #15: a refresh lease is set and judged on the database's clock, not a replica's. */
let server: ReturnType<typeof serve>
let url = ''
let exchanges = 0
/** While set, the token endpoint holds its answer until the test lets it go. */
let gate: Promise<void> | null = null

beforeAll(async () => {
  const app = new Hono().post('/token', async (c) => {
    exchanges++
    if (gate) await gate
    return c.json({ access_token: `access-${exchanges}`, expires_in: 3600 })
  })
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => server.close())

let t: TestApp
let tokenId: string
beforeEach(async () => {
  exchanges = 0
  gate = null
  t = createTestApp({ TOKENDESK_TRUSTED_PROVIDERS: url })
  await seedUser(t, { email: 'ann@example.com' })
  const owner = await signedIn(t, 'ann@example.com')
  const p = await (
    await owner.api.providers.$post({
      json: {
        name: 'P',
        tokenUrl: `${url}/token`,
        clientId: 'c',
        clientSecret: 's',
        clientAuth: 'client_secret_post',
        scopes: [],
      },
    })
  ).json()
  const minted = await owner.api.providers[':id'].tokens.$post({
    param: { id: p.id },
    json: { scopes: [] },
  })
  expect(minted.status).toBe(201)
  tokenId = (await minted.json()).id
  exchanges = 0
})
afterEach(() => t.destroy())

const row = async () => {
  const [r] = await t.db.select().from(tokens).where(eq(tokens.id, tokenId))
  if (!r) throw new Error('token gone')
  return r
}
const databaseNow = async () =>
  (await rawRows<{ now: number }>(t.db, sql`select ${dbNowMs()} as now`))[0]?.now ?? 0

describe('refresh leases on the database clock', () => {
  it('a replica whose clock runs a day ahead does not take a lease that is still live', async () => {
    let open = () => {}
    gate = new Promise((r) => {
      open = r
    })
    const first = t.services.engine.refresh(await row(), {
      actor: { type: 'refresher' },
      when: 'force',
    })
    // The provider call is under way, so the claim has committed.
    await expect.poll(() => exchanges).toBe(1)
    const { leaseOwner, leaseUntil } = await row()
    expect(leaseOwner).toBe(t.services.engine.holder)
    const now = await databaseNow()
    // Set from the database's clock (the default lease is a minute), whatever this clock says.
    expect(leaseUntil).toBeGreaterThan(now)
    expect(leaseUntil).toBeLessThanOrEqual(now + 60_000)

    const ahead = secondProcess(t)
    ahead.clock.set(t.clock() + 86_400_000)
    // Due by its own clock, but the lease is live by the database's: it leaves the token alone.
    expect(await ahead.services.engine.renewIfFree(await row(), { type: 'refresher' })).toBeNull()
    expect(exchanges).toBe(1)
    open()
    expect((await first).kind).toBe('refreshed')
    expect(await row()).toMatchObject({ generation: 1, leaseOwner: null, leaseUntil: null })
    expect(exchanges).toBe(1)
    await ahead.close()
  })

  it('a lease that ran out by the database clock is taken over, though this clock lags a day behind', async () => {
    const now = await databaseNow()
    await t.write((tx) =>
      tx
        .update(tokens)
        .set({ leaseOwner: 'a process that died', leaseUntil: now - 1 })
        .where(eq(tokens.id, tokenId)),
    )
    t.clock.set(now - 86_400_000)
    const outcome = await t.services.engine.refresh(await row(), {
      actor: { type: 'refresher' },
      when: 'force',
    })
    expect(outcome.kind).toBe('refreshed')
    expect(exchanges).toBe(1)
    expect(await row()).toMatchObject({ generation: 1, leaseOwner: null })
  })
})
