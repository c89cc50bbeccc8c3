import { createHmac } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { eq, inArray } from 'drizzle-orm'
import { Hono } from 'hono'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { tokens } from '../../db/schema'
import { startTestEmulator } from '../../test/emulator-fixture'
import { createTestApp, seedUser, signedIn, type TestApp } from '../../test/test-app'
import { secondProcess } from './second-process'

const MIN = 60_000
let hip: Awaited<ReturnType<typeof startTestEmulator>>
let t: TestApp
let owner: Awaited<ReturnType<typeof signedIn>>

beforeAll(async () => {
  hip = await startTestEmulator()
})
afterAll(() => hip.emulator.close())
beforeEach(async () => {
  hip.emulator.reset()
  t = createTestApp(
    {
      TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url,
      TOKENDESK_WEBHOOK_ORIGINS: 'http://127.0.0.1',
    },
    undefined,
    { timeoutMs: 500 },
  )
  await seedUser(t, { email: 'ann@example.com' })
  owner = await signedIn(t, 'ann@example.com')
})
afterEach(() => t.destroy())

const dueIds = async () => (await t.services.refresher.dueTokens(t.clock())).map((r) => r.id)

const group = () => [...hip.emulator.state.directory.groups.values()][0] as { id: number }
const ccCount = () => hip.emulator.counters().byGrant.client_credentials ?? 0

async function addonTokens(n: number) {
  const client = hip.emulator.registerClient({ groupId: group().id, scopes: ['send_notification'] })
  const inst = await (
    await owner.api.installations.$post({
      json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
    })
  ).json()
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    ids.push(
      (
        await (
          await owner.api.installations[':id'].tokens.$post({
            param: { id: inst.id },
            json: { scopes: [] },
          })
        ).json()
      ).id,
    )
  }
  return ids
}

const row = async (id: string) => {
  const [r] = await t.db
    .select({
      generation: tokens.generation,
      next: tokens.nextAttemptAt,
      since: tokens.failingSince,
    })
    .from(tokens)
    .where(eq(tokens.id, id))
  if (!r) throw new Error(`no token ${id}`)
  return r
}

describe('background refresher', () => {
  it('selects a token only once it is due (last 10% of a 1 h lifetime = 6 min)', async () => {
    const [id = ''] = await addonTokens(1)
    t.clock.advance(53 * MIN)
    expect(await dueIds()).toEqual([])
    t.clock.advance(MIN)
    expect(await dueIds()).toEqual([id])
    const before = ccCount()
    expect(await t.services.refresher.tick()).toMatchObject({ due: 1, renewed: 1, failed: 0 })
    expect(ccCount()).toBe(before + 1)
    expect((await row(id)).generation).toBe(1)
    expect(await t.services.refresher.tick()).toMatchObject({ due: 0 })
  })

  it('backs off after a failure, gives up after three failing days, and manual refresh still works', async () => {
    const [id = ''] = await addonTokens(1)
    t.clock.advance(55 * MIN)
    hip.emulator.setFault({ mode: '500', count: 100 })
    expect(await t.services.refresher.tick()).toMatchObject({ due: 1, failed: 1 })
    const failed = await row(id)
    expect(failed.next).toBe(t.clock() + 30_000)
    expect(await dueIds()).toHaveLength(0)
    t.clock.advance(30_000)
    expect(await dueIds()).toHaveLength(1)

    t.clock.set((failed.since ?? 0) + 3 * 86_400_000 + 1)
    expect(await dueIds()).toHaveLength(0)
    await fetch(`${hip.emulator.url}/admin/api/faults`, { method: 'DELETE' })
    const fresh = await signedIn(t, 'ann@example.com')
    expect((await fresh.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })).status).toBe(
      200,
    )
    expect(await row(id)).toMatchObject({ since: null, next: null })
  })

  it('goes on with the next due tokens in the same tick when a list was full', async () => {
    const ids = await addonTokens(5)
    t.clock.advance(56 * MIN)
    // Lists of two: five due tokens take three lists, all in one tick.
    const p = secondProcess(t, { refresher: { concurrency: 2, batch: 2 } })
    const before = ccCount()
    expect(await p.services.refresher.tick()).toMatchObject({ due: 5, renewed: 5, failed: 0 })
    expect(ccCount()).toBe(before + 5)
    for (const id of ids) expect((await row(id)).generation).toBe(1)
    expect(await p.services.refresher.tick()).toMatchObject({ due: 0 })
    await p.close()
  })

  it('resumes after a restart and, with two processes on one database, exchanges each due token once', async () => {
    const ids = await addonTokens(12)
    t.clock.advance(56 * MIN)
    // Two fresh processes: nothing in memory carries over, the database is all they share.
    const a = secondProcess(t, { refresher: { concurrency: 3 } })
    const b = secondProcess(t, { refresher: { concurrency: 3 } })
    hip.emulator.setLatency(20)
    const before = ccCount()
    const [ra, rb] = await Promise.all([a.services.refresher.tick(), b.services.refresher.tick()])
    hip.emulator.setLatency(0)
    expect(ra.renewed + rb.renewed).toBe(12)
    expect(ccCount()).toBe(before + 12)
    const generations = await t.db
      .select({ generation: tokens.generation })
      .from(tokens)
      .where(inArray(tokens.id, ids))
    expect(generations.map((g) => g.generation)).toEqual(ids.map(() => 1))
    await b.close()
    await a.close()
  })
})

describe('alerts', () => {
  it('warns about a long-lived token once per threshold', async () => {
    await owner.api.tokens.$post({
      json: {
        kind: 'personal',
        label: 'Deploy',
        value: 'pasted-value-1',
        providerUrl: 'https://untrusted.example.com/v2/',
        expiresAt: new Date(t.clock() + 10 * 86_400_000).toISOString(),
        // No provider can vouch for it: stored unverified because the person said so.
        allowUnverified: true,
      },
    })
    await t.services.refresher.tick()
    await t.services.refresher.tick()
    let list = await (await owner.api.notifications.$get()).json()
    expect(list.items.map((n) => n.title)).toEqual(['“Deploy” expires in 30 days or less'])
    t.clock.advance(4 * 86_400_000)
    await signedIn(t, 'ann@example.com').then((a) => (owner = a))
    await t.services.refresher.tick()
    await t.services.refresher.tick()
    list = await (await owner.api.notifications.$get()).json()
    expect(list.items.map((n) => n.title)).toEqual([
      '“Deploy” expires in 7 days or less',
      '“Deploy” expires in 30 days or less',
    ])
    expect(list.unread).toBe(2)
    await owner.api.notifications.read.$post({ json: { all: true } })
    expect((await (await owner.api.notifications.$get()).json()).unread).toBe(0)
  })

  it('raises refresh-failed once per failure run and recovered once, and signs webhook deliveries', async () => {
    const received: { body: string; ts: string; sig: string }[] = []
    const app = new Hono().post('/hook', async (c) => {
      received.push({
        body: await c.req.text(),
        ts: c.req.header('x-tokendesk-timestamp') ?? '',
        sig: c.req.header('x-tokendesk-signature') ?? '',
      })
      return c.body(null, received.length === 1 ? 500 : 204)
    })
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
    await new Promise((r) => server.once('listening', r))
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
    // A fresh app whose outbound policy lets it reach the receiver.
    await t.destroy()
    t = createTestApp(
      {
        TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url,
        TOKENDESK_WEBHOOK_ORIGINS: new URL(url).origin,
      },
      undefined,
      { timeoutMs: 500 },
    )
    await seedUser(t, { email: 'ann@example.com' })
    const agent = await signedIn(t, 'ann@example.com')
    owner = agent
    const hook = await (await agent.api.webhooks.$post({ json: { url } })).json()
    expect(hook.secret).toMatch(/^whsec_/)

    const [id = ''] = await addonTokens(1)
    hip.emulator.setFault({ mode: '500', count: 100 })
    for (let i = 0; i < 2; i++)
      await agent.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    await fetch(`${hip.emulator.url}/admin/api/faults`, { method: 'DELETE' })
    await agent.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    const titles = (await (await agent.api.notifications.$get()).json()).items.map((n) => n.type)
    expect(titles).toEqual(['recovered', 'refresh_failed'])

    await t.services.webhooks.deliverDue()
    t.clock.advance(10_000)
    await t.services.webhooks.deliverDue()
    await t.services.webhooks.deliverDue()
    expect(received).toHaveLength(3)
    for (const r of received) {
      const expected = `v1=${createHmac('sha256', hook.secret).update(`${r.ts}.${r.body}`).digest('hex')}`
      expect(r.sig).toBe(expected)
    }
    const log = await (
      await agent.api.webhooks[':id'].deliveries.$get({ param: { id: hook.id } })
    ).json()
    expect(log.items.map((d) => [d.status, d.attempts])).toEqual([
      ['delivered', 1],
      ['delivered', 2],
    ])
    server.close()
  })
})
