import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { notifyStandalone } from '../../services/alerts/notify'
import { createWebhookSender } from '../../services/alerts/webhook-sender'
import { createTestApp, seedUser, signedIn, type TestApp } from '../../test/test-app'

let t: TestApp
let receiver: Server
let base: string
let ann: { id: string }
let bob: { id: string }

beforeEach(async () => {
  receiver = createServer((req, res) => {
    req.resume()
    req.on('end', () => res.writeHead(req.url === '/ok' ? 204 : 500).end())
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

  it('keeps the expiry alert days', async () => {
    const agent = await signedIn(t, 'ann@example.com')
    const put = await agent.api.notifications.settings.$put({ json: { expiryDays: [3, 14, 3] } })
    expect(await put.json()).toEqual({ expiryDays: [14, 3] })
    expect(await (await agent.api.notifications.settings.$get()).json()).toEqual({
      expiryDays: [14, 3],
    })
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
