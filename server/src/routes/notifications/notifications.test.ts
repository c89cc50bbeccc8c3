import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { auditEvents } from '../../db/schema'
import { notifyStandalone } from '../../services/alerts/notify'
import { signWebhook } from '../../services/alerts/webhook-post'
import { createWebhookSender } from '../../services/alerts/webhook-sender'
import { createTestApp, errorOf, seedUser, signedIn, type TestApp } from '../../test/test-app'

type Received = { path: string; body: string; timestamp: string; signature: string }

let t: TestApp
let receiver: Server
let received: Received[]
let base: string
let ann: { id: string }
let bob: { id: string }

beforeEach(async () => {
  received = []
  receiver = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk) => {
      body += chunk
    })
    req.on('end', () => {
      received.push({
        path: req.url ?? '',
        body,
        timestamp: String(req.headers['x-tokendesk-timestamp']),
        signature: String(req.headers['x-tokendesk-signature']),
      })
      res.writeHead(req.url === '/ok' ? 204 : 500).end()
    })
  })
  await new Promise<void>((done) => receiver.listen(0, '127.0.0.1', done))
  const origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
  base = origin
  t = createTestApp({ TOKENDESK_WEBHOOK_ORIGINS: origin })
  ann = await seedUser(t, { email: 'ann@example.com' })
  bob = await seedUser(t, { email: 'bob@example.com' })
})
afterEach(async () => {
  receiver.closeAllConnections()
  receiver.close()
  await t.destroy()
})

const raise = (ownerId: string, key: string) =>
  notifyStandalone(
    t.db,
    { ownerId, tokenId: null, type: 'revoked', dedupeKey: key, title: `alert ${key}` },
    t.clock(),
  )

describe('the bell', () => {
  it("lists the caller's notifications newest first and marks them read", async () => {
    expect(await raise(ann.id, 'a1')).toBe(true)
    expect(await raise(ann.id, 'a2')).toBe(true)
    expect(await raise(ann.id, 'a1')).toBe(false)
    await raise(bob.id, 'b1')
    const agent = await signedIn(t, 'ann@example.com')
    const list = async () => (await agent.api.notifications.$get()).json()

    const first = await list()
    expect(first.items.map((n) => [n.title, n.read])).toEqual([
      ['alert a2', false],
      ['alert a1', false],
    ])
    expect(first.unread).toBe(2)

    const older = first.items[1]?.id ?? 0
    expect((await agent.api.notifications.read.$post({ json: { ids: [older] } })).status).toBe(204)
    expect((await list()).unread).toBe(1)
    expect((await agent.api.notifications.read.$post({ json: { all: true } })).status).toBe(204)
    expect((await list()).items.map((n) => n.read)).toEqual([true, true])

    // Bob's stay unread: marking is scoped to the caller.
    const bobAgent = await signedIn(t, 'bob@example.com')
    expect((await (await bobAgent.api.notifications.$get()).json()).unread).toBe(1)
  })

  it('keeps the expiry alert days and the email choice, each on its own', async () => {
    const agent = await signedIn(t, 'ann@example.com')
    const settings = async () => (await agent.api.notifications.settings.$get()).json()
    // No TOKENDESK_SMTP_URL here: the choice is kept, and the page can say email is off.
    expect(await settings()).toEqual({
      expiryDays: [30, 7, 1],
      emailAlerts: true,
      emailAvailable: false,
    })
    const put = await agent.api.notifications.settings.$put({ json: { expiryDays: [3, 14, 3] } })
    expect(await put.json()).toEqual({
      expiryDays: [14, 3],
      emailAlerts: true,
      emailAvailable: false,
    })
    await agent.api.notifications.settings.$put({ json: { emailAlerts: false } })
    expect(await settings()).toEqual({
      expiryDays: [14, 3],
      emailAlerts: false,
      emailAvailable: false,
    })

    for (const json of [{}, { emailAlerts: 'no' }, { expiryDays: [] }, { other: true }]) {
      const res = await agent.api.notifications.settings.$put({ json: json as never })
      expect(res.status).toBe(400)
      expect((await errorOf(res)).code).toBe('validation_failed')
    }
    expect((await settings()).emailAlerts).toBe(false)
  })
})

describe('webhooks', () => {
  it('counts and lists deliveries by state, and only to their owner', async () => {
    const agent = await signedIn(t, 'ann@example.com')
    const created = await (await agent.api.webhooks.$post({ json: { url: `${base}/ok` } })).json()
    const failing = await (await agent.api.webhooks.$post({ json: { url: `${base}/down` } })).json()
    expect(created.secret).toMatch(/^whsec_/)
    await raise(ann.id, 'w1')
    expect(await createWebhookSender(t.deps).deliverDue()).toEqual({
      attempted: 2,
      delivered: 1,
    })

    const hooks = (await (await agent.api.webhooks.$get()).json()).items
    expect(hooks.map((h) => [h.url, h.delivered, h.pending, h.failed]).sort()).toEqual([
      [`${base}/down`, 0, 1, 0],
      [`${base}/ok`, 1, 0, 0],
    ])
    const res = await agent.api.webhooks[':id'].deliveries.$get({ param: { id: failing.id } })
    const [delivery] = (await res.json()).items
    expect(delivery).toMatchObject({
      title: 'alert w1',
      status: 'pending',
      attempts: 1,
      lastStatus: 500,
      lastError: 'receiver answered 500',
    })

    const bobAgent = await signedIn(t, 'bob@example.com')
    expect(
      (await bobAgent.api.webhooks[':id'].deliveries.$get({ param: { id: failing.id } })).status,
    ).toBe(404)
    expect((await agent.api.webhooks[':id'].$delete({ param: { id: failing.id } })).status).toBe(
      204,
    )
    expect((await (await agent.api.webhooks.$get()).json()).items).toHaveLength(1)
  })
})

describe('webhook URLs that are refused', () => {
  it('name the setting that governs them', async () => {
    const agent = await signedIn(t, 'ann@example.com')
    for (const url of [
      'http://127.0.0.1:9/hook',
      'http://example.com/hook',
      'https://10.0.0.8/h',
    ]) {
      const res = await agent.api.webhooks.$post({ json: { url } })
      expect(res.status).toBe(400)
      const error = await errorOf(res)
      expect(error.code).toBe('validation_failed')
      expect(error.message).toBe(
        `Webhook URL refused: ${new URL(url).origin} is not allowed: webhooks may target public https URLs, or origins listed in TOKENDESK_WEBHOOK_ORIGINS`,
      )
      expect(error.message).not.toMatch(/provider/)
    }
    expect((await (await agent.api.webhooks.$get()).json()).items).toEqual([])
  })
})

describe('a test event', () => {
  it('is signed, sent at once, and answers with what the receiver said', async () => {
    const agent = await signedIn(t, 'ann@example.com')
    const hook = await (await agent.api.webhooks.$post({ json: { url: `${base}/ok` } })).json()
    const res = await agent.api.webhooks[':id'].test.$post({ param: { id: hook.id } })
    expect(res.status).toBe(200)
    expect(await res.json()).toMatchObject({ ok: true, status: 204, error: null })

    expect(received).toHaveLength(1)
    const [hit] = received
    if (!hit) throw new Error('no request')
    expect(hit.path).toBe('/ok')
    expect(hit.signature).toBe(signWebhook(hook.secret, Number(hit.timestamp), hit.body))
    expect(JSON.parse(hit.body)).toMatchObject({
      id: null,
      type: 'test',
      title: 'Test event from Token Desk',
      detail: { webhookId: hook.id },
    })
    // Not queued: nothing waits in the delivery log or for the sender.
    const deliveries = agent.api.webhooks[':id'].deliveries.$get({ param: { id: hook.id } })
    expect((await (await deliveries).json()).items).toEqual([])
    expect(await createWebhookSender(t.deps).deliverDue()).toEqual({ attempted: 0, delivered: 0 })
    const audit = await t.db.select().from(auditEvents)
    expect(audit.map((a) => a.action)).toContain('webhook.test_sent')
  })

  it("reports a receiver's error and one that cannot be reached", async () => {
    const agent = await signedIn(t, 'ann@example.com')
    const down = await (await agent.api.webhooks.$post({ json: { url: `${base}/down` } })).json()
    const res = await agent.api.webhooks[':id'].test.$post({ param: { id: down.id } })
    expect(await res.json()).toMatchObject({
      ok: false,
      status: 500,
      error: 'receiver answered 500',
    })

    const gone = createServer()
    await new Promise<void>((done) => gone.listen(0, '127.0.0.1', done))
    const goneOrigin = `http://127.0.0.1:${(gone.address() as AddressInfo).port}`
    await new Promise<void>((done) => gone.close(() => done()))
    await t.destroy()
    t = createTestApp({ TOKENDESK_WEBHOOK_ORIGINS: goneOrigin })
    await seedUser(t, { email: 'ann@example.com' })
    const again = await signedIn(t, 'ann@example.com')
    const hook = await (await again.api.webhooks.$post({ json: { url: `${goneOrigin}/x` } })).json()
    const unreachable = await again.api.webhooks[':id'].test.$post({ param: { id: hook.id } })
    expect(await unreachable.json()).toMatchObject({
      ok: false,
      status: null,
      error: 'receiver unreachable',
    })
  })

  it("is only for the webhook's owner", async () => {
    const agent = await signedIn(t, 'ann@example.com')
    const hook = await (await agent.api.webhooks.$post({ json: { url: `${base}/ok` } })).json()
    await seedUser(t, { email: 'root@example.com', role: 'admin' })
    for (const email of ['bob@example.com', 'root@example.com']) {
      const other = await signedIn(t, email)
      const res = await other.api.webhooks[':id'].test.$post({ param: { id: hook.id } })
      expect(res.status).toBe(404)
    }
    expect(received).toEqual([])
  })
})

describe('redelivery', () => {
  it('queues a finished delivery again, and the sender sends it once more', async () => {
    const agent = await signedIn(t, 'ann@example.com')
    const hook = await (await agent.api.webhooks.$post({ json: { url: `${base}/ok` } })).json()
    await raise(ann.id, 'r1')
    const sender = createWebhookSender(t.deps)
    expect(await sender.deliverDue()).toEqual({ attempted: 1, delivered: 1 })
    const list = async () =>
      (await (await agent.api.webhooks[':id'].deliveries.$get({ param: { id: hook.id } })).json())
        .items
    const [delivered] = await list()
    if (!delivered) throw new Error('no delivery')
    expect(delivered.status).toBe('delivered')

    const redeliver = (deliveryId: number, who = agent) =>
      who.api.webhooks[':id'].deliveries[':deliveryId'].redeliver.$post({
        param: { id: hook.id, deliveryId: String(deliveryId) },
      })
    expect((await redeliver(delivered.id)).status).toBe(202)
    expect(await list()).toMatchObject([
      { id: delivered.id, status: 'pending', attempts: 0, deliveredAt: null },
    ])
    // Still queued: a second click changes nothing.
    const twice = await redeliver(delivered.id)
    expect(twice.status).toBe(409)
    expect((await errorOf(twice)).code).toBe('conflict')

    expect(await sender.deliverDue()).toEqual({ attempted: 1, delivered: 1 })
    expect(received.map((r) => JSON.parse(r.body).title)).toEqual(['alert r1', 'alert r1'])
    expect(await list()).toMatchObject([{ status: 'delivered', attempts: 1 }])
    const audit = await t.db.select().from(auditEvents)
    expect(audit.filter((a) => a.action === 'webhook.redelivered')).toHaveLength(1)
  })

  it('gives a delivery that was given up on a fresh set of attempts', async () => {
    const agent = await signedIn(t, 'ann@example.com')
    const hook = await (await agent.api.webhooks.$post({ json: { url: `${base}/down` } })).json()
    await raise(ann.id, 'r2')
    const sender = createWebhookSender(t.deps)
    for (let i = 0; i < 6; i++) {
      expect(await sender.deliverDue()).toMatchObject({ attempted: 1, delivered: 0 })
      t.clock.advance(200_000)
    }
    const [failed] = (
      await (await agent.api.webhooks[':id'].deliveries.$get({ param: { id: hook.id } })).json()
    ).items
    expect(failed).toMatchObject({ status: 'failed', attempts: 6 })
    expect(await sender.deliverDue()).toEqual({ attempted: 0, delivered: 0 })

    const res = await agent.api.webhooks[':id'].deliveries[':deliveryId'].redeliver.$post({
      param: { id: hook.id, deliveryId: String(failed?.id) },
    })
    expect(res.status).toBe(202)
    expect(await sender.deliverDue()).toMatchObject({ attempted: 1 })
    expect(received).toHaveLength(7)
  })

  it("is only for the webhook's owner and only for that webhook's deliveries", async () => {
    const agent = await signedIn(t, 'ann@example.com')
    const hook = await (await agent.api.webhooks.$post({ json: { url: `${base}/ok` } })).json()
    const other = await (await agent.api.webhooks.$post({ json: { url: `${base}/down` } })).json()
    await raise(ann.id, 'r3')
    await createWebhookSender(t.deps).deliverDue()
    const [delivery] = (
      await (await agent.api.webhooks[':id'].deliveries.$get({ param: { id: hook.id } })).json()
    ).items
    const deliveryId = String(delivery?.id)

    const bobAgent = await signedIn(t, 'bob@example.com')
    const asBob = await bobAgent.api.webhooks[':id'].deliveries[':deliveryId'].redeliver.$post({
      param: { id: hook.id, deliveryId },
    })
    expect(asBob.status).toBe(404)
    // Ann's own delivery, asked for through her other webhook: unknown there.
    const viaOther = await agent.api.webhooks[':id'].deliveries[':deliveryId'].redeliver.$post({
      param: { id: other.id, deliveryId },
    })
    expect(viaOther.status).toBe(404)
    for (const bad of ['0', 'x', '99999']) {
      const res = await agent.api.webhooks[':id'].deliveries[':deliveryId'].redeliver.$post({
        param: { id: hook.id, deliveryId: bad },
      })
      expect(res.status).toBe(404)
    }
    const after = (
      await (await agent.api.webhooks[':id'].deliveries.$get({ param: { id: hook.id } })).json()
    ).items
    expect(after).toMatchObject([{ status: 'delivered', attempts: 1 }])
  })
})
