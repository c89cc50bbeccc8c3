import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { asc, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { webhookDeliveries, webhooks } from '../../db/schema'
import { fakeClock } from '../../lib/clock'
import { createTestApp, seedUser, signedIn, type TestApp } from '../../test/test-app'
import { notify } from './notify'
import { createWebhookSender, type WebhookSenderOptions } from './webhook-sender'

/**
 * Issue #12 item 11: three receivers that never answered held another owner's alert for 31 s.
 * Real loopback receivers and real (short, bounded) timeouts; the clock is injected for backoff.
 */

type Receiver = {
  url: string
  /** Arrival times (Date.now()) of each request. */
  hits: number[]
  /** When false, requests are held open and never answered. */
  answering: boolean
  server: Server
}

async function receiver(answering: boolean): Promise<Receiver> {
  const r: Receiver = { url: '', hits: [], answering, server: createServer() }
  r.server.on('request', (req, res) => {
    req.resume()
    r.hits.push(Date.now())
    if (r.answering) res.writeHead(204).end()
  })
  await new Promise<void>((done) => r.server.listen(0, '127.0.0.1', done))
  r.url = `http://127.0.0.1:${(r.server.address() as AddressInfo).port}/hook`
  return r
}

async function until(cond: () => boolean, ms: number) {
  const deadline = Date.now() + ms
  while (!cond()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${ms} ms`)
    await new Promise((r) => setTimeout(r, 5))
  }
}

let t: TestApp
let slow: Receiver[]
let fast: Receiver
let ann: { id: string }
let bob: { id: string }

beforeEach(async () => {
  slow = await Promise.all([receiver(false), receiver(false), receiver(false)])
  fast = await receiver(true)
  const origins = [...slow, fast].map((r) => new URL(r.url).origin).join(',')
  t = createTestApp({ TOKENDESK_WEBHOOK_ORIGINS: origins })
  ann = await seedUser(t, { email: 'ann@example.com' })
  bob = await seedUser(t, { email: 'bob@example.com' })
  const annAgent = await signedIn(t, 'ann@example.com')
  for (const r of slow) {
    expect((await annAgent.api.webhooks.$post({ json: { url: r.url } })).status).toBe(201)
  }
  const bobAgent = await signedIn(t, 'bob@example.com')
  expect((await bobAgent.api.webhooks.$post({ json: { url: fast.url } })).status).toBe(201)
})
afterEach(async () => {
  for (const r of [...slow, fast]) {
    r.server.closeAllConnections()
    r.server.close()
  }
  await t.destroy()
})

let seq = 0
const alert = (owner: { id: string }) =>
  t.write((tx) =>
    notify(
      tx,
      {
        ownerId: owner.id,
        tokenId: null,
        type: 'revoked',
        dedupeKey: `test:${++seq}`,
        title: `revoked ${seq}`,
      },
      t.clock(),
    ),
  )

const deliveries = () =>
  t.db
    .select({
      status: webhookDeliveries.status,
      attempts: webhookDeliveries.attempts,
      next: webhookDeliveries.nextAttemptAt,
      error: webhookDeliveries.lastError,
      url: webhooks.url,
    })
    .from(webhookDeliveries)
    .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
    .orderBy(asc(webhookDeliveries.id))

const sender = (o: WebhookSenderOptions = {}) =>
  createWebhookSender(t.deps, { timeoutMs: 1500, connectTimeoutMs: 500, ...o })

describe('webhook delivery', () => {
  it("sends another owner's alert at once while three receivers never answer, then retries those with backoff", async () => {
    await alert(ann)
    await alert(bob)
    const started = Date.now()
    const tick = sender().deliverDue()
    await until(() => fast.hits.length === 1, 3000)
    expect((fast.hits[0] ?? Infinity) - started).toBeLessThan(1000)
    await until(() => slow.every((r) => r.hits.length === 1), 3000)

    expect(await tick).toEqual({ attempted: 4, delivered: 1 })
    const now = t.clock()
    expect(await deliveries()).toEqual([
      ...slow.map((r) => ({
        status: 'pending',
        attempts: 1,
        next: now + 10_000,
        error: 'receiver did not answer in time',
        url: r.url,
      })),
      { status: 'delivered', attempts: 1, next: null, error: null, url: fast.url },
    ])

    // Backoff: nothing is due before 10 s; then each receiver gets exactly one more attempt.
    for (const r of slow) r.answering = true
    t.clock.advance(9_999)
    expect(await sender().deliverDue()).toEqual({ attempted: 0, delivered: 0 })
    t.clock.advance(1)
    expect(await sender().deliverDue()).toEqual({ attempted: 3, delivered: 3 })
    expect((await deliveries()).map((d) => [d.status, d.attempts])).toEqual([
      ['delivered', 2],
      ['delivered', 2],
      ['delivered', 2],
      ['delivered', 1],
    ])
    expect([...slow, fast].map((r) => r.hits.length)).toEqual([2, 2, 2, 1])
  })

  it('caps the deliveries one owner has in flight, and the others wait their turn', async () => {
    await alert(ann)
    await alert(bob)
    const s = sender({ perOwner: 2, timeoutMs: 800 })
    const tick = s.deliverDue()
    await until(() => fast.hits.length === 1, 3000)
    await until(() => slow.reduce((n, r) => n + r.hits.length, 0) === 2, 3000)
    expect(slow.map((r) => r.hits.length).sort()).toEqual([0, 1, 1])
    // While two of ann's deliveries hang, another tick starts nothing more for her.
    expect(await s.deliverDue()).toEqual({ attempted: 0, delivered: 0 })
    await tick
    expect(await s.deliverDue()).toMatchObject({ attempted: 1 })
    expect(slow.map((r) => r.hits.length)).toEqual([1, 1, 1])
  })

  it('keeps ticking while receivers hang, so a later alert is not held behind them', async () => {
    const s = sender()
    await alert(ann)
    s.start(100)
    try {
      await until(() => slow.every((r) => r.hits.length === 1), 3000)
      const raised = Date.now()
      await alert(bob)
      await until(() => fast.hits.length === 1, 3000)
      expect((fast.hits[0] ?? Infinity) - raised).toBeLessThan(1000)
    } finally {
      await s.stop()
    }
    expect(s.inFlight()).toBe(0)
    expect(slow.map((r) => r.hits.length)).toEqual([1, 1, 1])
  })

  it('never sends one delivery twice when two processes tick while a receiver hangs', async () => {
    await alert(ann)
    await alert(bob)
    const first = sender()
    const second = sender()
    const stuck = first.deliverDue()
    await until(() => slow.every((r) => r.hits.length === 1), 3000)
    await second.deliverDue()
    await stuck
    await Promise.all([first.deliverDue(), second.deliverDue()])
    expect(fast.hits).toHaveLength(1)
    expect(slow.map((r) => r.hits.length)).toEqual([1, 1, 1])
    expect((await deliveries()).map((d) => d.attempts)).toEqual([1, 1, 1, 1])
  })

  it("judges leases by the database's clock, so a replica whose clock runs ahead takes no live lease", async () => {
    await alert(ann)
    const stuck = sender().deliverDue()
    await until(() => slow.every((r) => r.hits.length === 1), 3000)
    const ahead = createWebhookSender(
      { ...t.deps, clock: fakeClock(t.clock() + 2 * 3_600_000) },
      { timeoutMs: 1500, connectTimeoutMs: 500 },
    )
    expect(await ahead.deliverDue()).toEqual({ attempted: 0, delivered: 0 })
    await stuck
    expect(slow.map((r) => r.hits.length)).toEqual([1, 1, 1])
  })
})
