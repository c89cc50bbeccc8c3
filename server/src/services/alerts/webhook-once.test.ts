import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppDeps } from '../../app-env'
import { closeDatabase, pgDb } from '../../db/client'
import { DIALECT, notifications, webhookDeliveries, webhooks } from '../../db/schema'
import { transaction } from '../../db/transaction'
import { createTestApp, seedUser, signedIn, type TestApp } from '../../test/test-app'
import { type NotifyInput, notify } from './notify'
import { createWebhookSender } from './webhook-sender'

/**
 * Issue #15: several processes on one database deliver each webhook once. Two apps share one
 * database (SQLite: the same data dir; PostgreSQL: the same URL), each with its own connections,
 * and a real loopback receiver counts what arrives.
 */

type Hit = { path: string; notificationId: number }

let receiver: Server
let base: string
let hits: Hit[]
let t: TestApp
let other: { deps: AppDeps; close(): Promise<void> }
let env: Record<string, string>

/** A second process's view of t's database: its own connections, its own write queue. */
function secondProcess(): typeof other {
  const url = t.deps.config.databaseUrl
  if (DIALECT === 'pg' && url) {
    const db = pgDb({ url, poolSize: 4 })
    return { deps: { ...t.deps, db }, close: () => closeDatabase(db) }
  }
  const twin = createTestApp(env, t.dir)
  return { deps: twin.deps, close: () => twin.close() }
}

beforeEach(async () => {
  hits = []
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      hits.push({ path: req.url ?? '', notificationId: (JSON.parse(body) as { id: number }).id })
      // A receiver that takes a moment keeps each delivery in flight (leased, still pending)
      // while the other process looks for work.
      setTimeout(() => res.writeHead(204).end(), 50)
    })
  })
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done))
  base = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
  env = { TOKENDESK_WEBHOOK_ORIGINS: base }
  t = createTestApp(env)
  other = secondProcess()
})
afterEach(async () => {
  receiver.closeAllConnections()
  receiver.close()
  await other.close()
  await t.destroy()
})

/** Raises a notification in its own transaction through one process's connections. */
const raise = (n: NotifyInput, deps: AppDeps = t.deps) =>
  transaction(deps.db, (tx) => notify(tx, n, t.clock()))

async function hooksFor(email: string, paths: string[]) {
  const agent = await signedIn(t, email)
  for (const path of paths) {
    expect((await agent.api.webhooks.$post({ json: { url: base + path } })).status).toBe(201)
  }
}

describe('webhook deliveries across processes', () => {
  it('two processes sending at once post each delivery exactly once', async () => {
    const ann = await seedUser(t, { email: 'ann@example.com' })
    const bob = await seedUser(t, { email: 'bob@example.com' })
    await hooksFor('ann@example.com', ['/ann/1', '/ann/2'])
    await hooksFor('bob@example.com', ['/bob'])
    const alerts = 20
    for (let i = 0; i < alerts; i++) {
      const owner = i % 2 === 0 ? ann : bob
      await raise({
        ownerId: owner.id,
        tokenId: null,
        type: 'revoked',
        dedupeKey: `once:${i}`,
        title: `revoked ${i}`,
      })
    }
    const expected = (alerts / 2) * 2 + (alerts / 2) * 1

    const opts = { timeoutMs: 2000, perWebhook: 4, perOwner: 8 }
    const senders = [createWebhookSender(t.deps, opts), createWebhookSender(other.deps, opts)]
    // Both connected before the race, so neither wins it by the other's connect time.
    await Promise.all([t.db, other.deps.db].map((db) => db.select().from(webhooks).limit(1)))
    let attempted = 0
    for (let round = 0; round < 50 && attempted < expected; round++) {
      const results = await Promise.all(senders.map((s) => s.deliverDue()))
      attempted += results.reduce((n, r) => n + r.attempted, 0)
    }

    expect(hits).toHaveLength(expected)
    const seen = new Set(hits.map((h) => `${h.path} ${h.notificationId}`))
    expect(seen.size).toBe(expected)
    expect(attempted).toBe(expected)
    const rows = await t.db
      .select({ status: webhookDeliveries.status, attempts: webhookDeliveries.attempts })
      .from(webhookDeliveries)
    expect(rows).toHaveLength(expected)
    expect(rows.every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(true)
    // Another tick on either side finds nothing left to send.
    expect(await Promise.all(senders.map((s) => s.deliverDue()))).toEqual([
      { attempted: 0, delivered: 0 },
      { attempted: 0, delivered: 0 },
    ])
  })

  it('one transition raised by both processes at once is one notification with one delivery per webhook', async () => {
    const ann = await seedUser(t, { email: 'ann@example.com' })
    await hooksFor('ann@example.com', ['/a', '/b'])
    const n: NotifyInput = {
      ownerId: ann.id,
      tokenId: null,
      type: 'refresh_failed',
      dedupeKey: 'tok:failed:3',
      title: 'Refreshing failed',
    }
    const created = await Promise.all([
      raise(n),
      raise(n, other.deps),
      raise(n),
      raise(n, other.deps),
    ])
    expect(created.filter(Boolean)).toHaveLength(1)
    expect(await t.db.select({ id: notifications.id }).from(notifications)).toHaveLength(1)
    expect(await t.db.select({ id: webhookDeliveries.id }).from(webhookDeliveries)).toHaveLength(2)

    // Raised again later (another tick sees the same transition): still nothing new.
    expect(await raise(n, other.deps)).toBe(false)
    const s = createWebhookSender(other.deps)
    expect(await s.deliverDue()).toEqual({ attempted: 2, delivered: 2 })
    expect(hits.map((h) => h.path).sort()).toEqual(['/a', '/b'])
  })
})
