import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { eq, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { tokens } from '../../db/schema'
import { createTestApp, seedUser, signedIn, type TestApp } from '../../test/test-app'
import { secondProcess } from './second-process'

/** The refresher claims due tokens a few at a time; what it holds stays single-flight. */
let server: ReturnType<typeof serve>
let url = ''
let exchanges = 0
/** While set, the token endpoint holds its answer until the test lets it go. */
let gate: Promise<void> | null = null
/** Told when a request reaches the token endpoint. */
let arrived = () => {}

beforeAll(async () => {
  const app = new Hono().post('/token', async (c) => {
    exchanges++
    arrived()
    if (gate) await gate
    return c.json({ access_token: `access-${exchanges}`, expires_in: 3600 })
  })
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => server.close())

let t: TestApp
let ids: string[]
beforeEach(async () => {
  exchanges = 0
  gate = null
  arrived = () => {}
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
  ids = []
  for (let i = 0; i < 3; i++) {
    const minted = await owner.api.providers[':id'].tokens.$post({
      param: { id: p.id },
      json: { scopes: [] },
    })
    expect(minted.status).toBe(201)
    ids.push((await minted.json()).id)
  }
  exchanges = 0
})
afterEach(() => t.destroy())

const rowOf = async (id: string) => {
  const [row] = await t.db.select().from(tokens).where(eq(tokens.id, id))
  if (!row) throw new Error(`no token ${id}`)
  return row
}
const ANY = sql`1 = 1`

describe('claiming due tokens in one write', () => {
  it('leases only the free ones, and a second claim of the same tokens gets none', async () => {
    const { engine } = t.services
    const held = await engine.claimDue([ids[0] ?? ''], ANY)
    expect(held.map((c) => c.row.id)).toEqual([ids[0]])
    // Another process's engine: the lease is in the database.
    const other = secondProcess(t)
    const rest = await other.services.engine.claimDue(ids, ANY)
    expect(rest.map((c) => c.row.id).sort()).toEqual([ids[1], ids[2]].sort())
    expect(await other.services.engine.claimDue(ids, ANY)).toEqual([])
    for (const c of held) await engine.dropClaimed(c)
    for (const c of rest) await other.services.engine.dropClaimed(c)
    expect((await rowOf(ids[0] ?? '')).leaseOwner).toBeNull()
    await other.close()
  })

  it('a caller who needs a token the refresher claimed shares its renewal: one exchange', async () => {
    const { engine } = t.services
    const id = ids[0] ?? ''
    const [claimed] = await engine.claimDue([id], ANY)
    if (!claimed) throw new Error('not claimed')
    let release = () => {}
    gate = new Promise<void>((r) => {
      release = r
    })
    // Asked before the refresher has even started its exchange.
    const before = await rowOf(id)
    const caller = engine.refresh(before, { actor: { type: 'refresher' }, when: 'force' })
    let exchanged = false
    const job = engine.startClaimed(claimed, { type: 'refresher' }, () => {
      exchanged = true
    })
    await new Promise<void>((r) => {
      arrived = r
    })
    const late = engine.refresh(before, { actor: { type: 'refresher' }, when: 'force' })
    // The provider holds its answer: the exchange is not over yet.
    expect(exchanged).toBe(false)
    release()
    const [a, b, c] = await Promise.all([job, caller, late])
    expect(exchanged).toBe(true)
    expect(exchanges).toBe(1)
    for (const o of [a, b, c]) expect(o).toMatchObject({ kind: 'refreshed' })
    expect((await rowOf(id)).generation).toBe(before.generation + 1)
  })

  it('a claimed token given back unrenewed is free again and its waiters go their own way', async () => {
    const { engine } = t.services
    const id = ids[1] ?? ''
    const [claimed] = await engine.claimDue([id], ANY)
    if (!claimed) throw new Error('not claimed')
    const before = await rowOf(id)
    const caller = engine.refresh(before, { actor: { type: 'refresher' }, when: 'force' })
    await engine.dropClaimed(claimed)
    expect(await caller).toMatchObject({ kind: 'refreshed' })
    expect(exchanges).toBe(1)
    expect((await rowOf(id)).leaseOwner).toBeNull()
  })

  it('a refresher told to stop finishes the exchange in flight and gives back what it claimed', async () => {
    t.clock.advance(56 * 60_000)
    const p = secondProcess(t, { refresher: { concurrency: 1 } })
    let release = () => {}
    gate = new Promise<void>((r) => {
      release = r
    })
    const reached = new Promise<void>((r) => {
      arrived = r
    })
    const tick = p.services.refresher.tick()
    await reached
    await p.services.refresher.stop()
    release()
    expect(await tick).toMatchObject({ renewed: 1 })
    expect(exchanges).toBe(1)
    const rows = await Promise.all(ids.map(rowOf))
    expect(rows.map((r) => r.leaseOwner)).toEqual([null, null, null])
    expect(rows.map((r) => r.generation).sort()).toEqual([0, 0, 1])
    await p.close()
  })

  it('a claimed token whose renewal throws fails alone: the refresher sees the error, nothing is left unhandled', async () => {
    const { engine } = t.services
    const id = ids[2] ?? ''
    const before = await rowOf(id)
    // A sealed value bound to another column does not decrypt (tampering, a foreign key).
    await t.write((tx) =>
      tx.update(tokens).set({ refreshTokenEnc: before.accessTokenEnc }).where(eq(tokens.id, id)),
    )
    const [claimed] = await engine.claimDue([id], ANY)
    if (!claimed) throw new Error('not claimed')
    await expect(engine.startClaimed(claimed, { type: 'refresher' })).rejects.toThrow(/decrypt/)
    await engine.settle()
    expect(exchanges).toBe(0)
    expect((await rowOf(id)).leaseOwner).toBeNull()
  })
})
