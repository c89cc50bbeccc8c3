import { count, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { botKeys, notifications, users } from '../db/schema'
import { STEP_UP_MS } from '../middleware/step-up'
import { notifyStandalone } from '../services/alerts/notify'
import { useLoopbackServer } from '../test/loopback-server'
import { type SmtpSink, startSmtpSink } from '../test/smtp-sink'
import {
  createAgent,
  createTestApp,
  errorOf,
  insertTokenRow,
  seedUser,
  serveTestApp,
  signedIn,
  type TestApp,
} from '../test/test-app'

/**
 * An outsider's attack on the second-day features (invites, forced password change, admin
 * password reset, bot key rotation and rebinding, refused-call records, webhook test and
 * redelivery, alert email), reproduced against a server on 127.0.0.1 with an injected clock.
 *
 * The first tests of each block were holes when found (fixed since); the rest held when attacked and
 * stay as regression tests.
 */

const PASSWORD = 'correct horse battery'
const DAY = 86_400_000

type Served = Awaited<ReturnType<typeof serveTestApp>>
type Agent = Awaited<ReturnType<typeof signedIn>>

/** A browser on the real port: cookies kept, our Origin sent. */
function httpAgent(s: Served) {
  return createAgent({ request: (input, init) => fetch(input, init) }, s.url)
}

async function httpSignedIn(s: Served, email: string, password = PASSWORD) {
  const agent = httpAgent(s)
  const res = await agent.api.auth.login.$post({ json: { email, password } })
  expect(res.status).toBe(200)
  return agent
}

describe('invite links outlive the admin rights of whoever made them', () => {
  let s: Served
  let ada: Agent
  let bea: Agent
  let beaId: string
  beforeEach(async () => {
    s = await serveTestApp()
    await seedUser(s, { email: 'ada@example.com', role: 'admin', name: 'Ada' })
    beaId = (await seedUser(s, { email: 'bea@example.com', role: 'admin', name: 'Bea' })).id
    ada = await httpSignedIn(s, 'ada@example.com')
    bea = await httpSignedIn(s, 'bea@example.com')
  })
  afterEach(() => s.stop())

  async function adminInviteByBea() {
    const res = await bea.api.users.invites.$post({
      json: { email: 'mallory@example.com', name: 'Mallory', role: 'admin' },
    })
    expect(res.status).toBe(201)
    return (await res.json()).url.split('#')[1] ?? ''
  }

  const accept = (token: string) =>
    httpAgent(s).api.auth.invite.accept.$post({ json: { token, password: 'mallory password 1' } })

  const mallory = async () =>
    (await s.db.select().from(users).where(eq(users.email, 'mallory@example.com')))[0]

  // Found by an outside attack (medium): disabling an admin (a leaver, a stolen account) leaves every admin invite they
  // made working: the link still makes an admin a week later. Bot keys of a disabled person stop
  // (docs/security.md #4); their invites should too.
  it('an admin invite made by an admin who is then disabled makes no account', async () => {
    const token = await adminInviteByBea()
    const disabled = await ada.api.users[':id'].$patch({
      param: { id: beaId },
      json: { disabled: true },
    })
    expect(disabled.status).toBe(200)

    const res = await accept(token)
    expect(res.status).not.toBe(201)
    expect(await mallory()).toBeUndefined()
  })

  // Found by an outside attack (medium): the same after a demotion to owner: the link keeps the role its maker has lost.
  it('an admin invite made by an admin who is then demoted makes no admin', async () => {
    const token = await adminInviteByBea()
    const demoted = await ada.api.users[':id'].$patch({
      param: { id: beaId },
      json: { role: 'owner' },
    })
    expect(demoted.status).toBe(200)

    const res = await accept(token)
    expect(res.status).not.toBe(201)
    expect((await mallory())?.role).not.toBe('admin')
  })

  it('holds: accepting while signed in as someone else switches the session to the new person', async () => {
    const res = await ada.api.users.invites.$post({
      json: { email: 'ivy@example.com', name: 'Ivy', role: 'owner' },
    })
    const token = (await res.json()).url.split('#')[1] ?? ''
    const accepted = await bea.api.auth.invite.accept.$post({
      json: { token, password: 'ivy password 123' },
    })
    expect(accepted.status).toBe(201)
    const me = await (await bea.api.auth.me.$get()).json()
    expect(me.email).toBe('ivy@example.com')
    expect(me.role).toBe('owner')
    // The new person holds no admin right inherited from the cookie it replaced.
    expect((await bea.api.users.invites.$get()).status).toBe(404)
  })

  it('holds: an invite for an address that got an account meanwhile makes no second account', async () => {
    const res = await ada.api.users.invites.$post({
      json: { email: 'ivy@example.com', name: 'Ivy', role: 'admin' },
    })
    const token = (await res.json()).url.split('#')[1] ?? ''
    await seedUser(s, { email: 'ivy@example.com', password: 'ivy own password' })
    const accepted = await httpAgent(s).api.auth.invite.accept.$post({
      json: { token, password: 'attacker password 1' },
    })
    expect((await errorOf(accepted)).code).toBe('email_taken')
    const [row] = await s.db
      .select({ n: count() })
      .from(users)
      .where(eq(users.email, 'ivy@example.com'))
    expect(row?.n).toBe(1)
    // The account keeps its own password.
    const login = await httpAgent(s).api.auth.login.$post({
      json: { email: 'ivy@example.com', password: 'attacker password 1' },
    })
    expect(login.status).toBe(401)
  })

  it('holds: an invite cannot be made for an existing address', async () => {
    const res = await ada.api.users.invites.$post({
      json: { email: 'bea@example.com', name: 'Bea again', role: 'owner' },
    })
    expect((await errorOf(res)).code).toBe('email_taken')
  })
})

describe('an admin password reset', () => {
  let t: TestApp
  let admin: Agent
  let owenId: string
  let tokenId: string
  beforeEach(async () => {
    t = createTestApp()
    await seedUser(t, { email: 'admin@example.com', role: 'admin' })
    owenId = (await seedUser(t, { email: 'owen@example.com' })).id
    tokenId = await insertTokenRow(t, owenId, 'Deploy', 'personal', null)
    admin = await signedIn(t, 'admin@example.com')
  })
  afterEach(() => t.destroy())

  // Found by an outside attack (medium): "admins … never a value unless a share grants it" and reassigning a token is
  // break glass (reason, step-up, the previous owner told). A reset with mustChangePassword false
  // is the same reach with none of that: the admin signs in as the owner and reveals every value,
  // and the owner is told nothing (no notification, webhook or email; only an audit row they may
  // never read). With mustChangePassword true the admin knows the temporary password, so changing
  // it first is one more request.
  it('tells the person, as a reassignment tells the previous owner', async () => {
    const reset = await admin.api.users[':id'].password.$put({
      param: { id: owenId },
      json: { password: 'admin knows this 1', mustChangePassword: false },
    })
    expect(reset.status).toBe(200)

    // What the admin can do with it today.
    const asOwen = await signedIn(t, 'owen@example.com', 'admin knows this 1')
    const reveal = await asOwen.api.tokens[':id'].reveal.$post({
      param: { id: tokenId },
      json: { purpose: 'reveal' },
    })
    expect(reveal.status).toBe(200)
    expect((await reveal.json()).value).toBe(`value-${tokenId}`)

    const told = await t.db.select().from(notifications).where(eq(notifications.ownerId, owenId))
    expect(told.length).toBeGreaterThan(0)
  })

  it('holds: needs a recent password, ends the person’s sessions, and is refused to owners', async () => {
    const owen = await signedIn(t, 'owen@example.com')
    t.clock.advance(STEP_UP_MS + 1)
    const stale = await admin.api.users[':id'].password.$put({
      param: { id: owenId },
      json: { password: 'admin knows this 1' },
    })
    expect((await errorOf(stale)).code).toBe('reauth_required')
    expect((await owen.api.auth.me.$get()).status).toBe(200)

    await admin.api.auth.reauth.$post({ json: { password: PASSWORD } })
    const reset = await admin.api.users[':id'].password.$put({
      param: { id: owenId },
      json: { password: 'admin knows this 1' },
    })
    expect(reset.status).toBe(200)
    expect((await owen.api.auth.me.$get()).status).toBe(401)

    await seedUser(t, { email: 'olga@example.com' })
    const olga = await signedIn(t, 'olga@example.com')
    const byOwner = await olga.api.users[':id'].password.$put({
      param: { id: owenId },
      json: { password: 'owner tries this 1' },
    })
    expect(byOwner.status).toBe(404)
  })

  it('holds: a session opened with the temporary password dies when the person changes it', async () => {
    await admin.api.users[':id'].password.$put({
      param: { id: owenId },
      json: { password: 'temporary password 1', mustChangePassword: true },
    })
    const sneak = await signedIn(t, 'owen@example.com', 'temporary password 1')
    const owen = await signedIn(t, 'owen@example.com', 'temporary password 1')
    const changed = await owen.api.auth.password.$post({
      json: { currentPassword: 'temporary password 1', newPassword: 'only owen knows 1' },
    })
    expect(changed.status).toBe(204)
    expect((await sneak.api.auth.me.$get()).status).toBe(401)
    const reveal = await sneak.api.tokens[':id'].reveal.$post({
      param: { id: tokenId },
      json: { purpose: 'reveal' },
    })
    expect(reveal.status).toBe(401)
  })

  it('holds: before the change, no bot key, rotation, binding, reveal, export or webhook call', async () => {
    const key = await (
      await (
        await signedIn(t, 'owen@example.com')
      ).api['bot-keys'].$post({
        json: { name: 'k', tokenIds: [tokenId] },
      })
    ).json()
    await admin.api.users[':id'].password.$put({
      param: { id: owenId },
      json: { password: 'temporary password 1', mustChangePassword: true },
    })
    const forced = await signedIn(t, 'owen@example.com', 'temporary password 1')
    const calls = [
      forced.api['bot-keys'].$post({ json: { name: 'x', tokenIds: [tokenId] } }),
      forced.api['bot-keys'][':id'].rotate.$post({
        param: { id: key.id },
        json: { graceMinutes: 0 },
      }),
      forced.api['bot-keys'][':id'].tokens.$put({
        param: { id: key.id },
        json: { tokenIds: [tokenId] },
      }),
      forced.api['bot-keys'][':id'].failures.$get({ param: { id: key.id } }),
      forced.api.tokens[':id'].reveal.$post({ param: { id: tokenId }, json: { purpose: 'copy' } }),
      forced.api.auth.reauth.$post({ json: { password: 'temporary password 1' } }),
      forced.fetch(`http://127.0.0.1:8080/api/audit/export?format=csv`),
      forced.api.webhooks.$post({ json: { url: 'https://example.com/hook' } }),
      forced.api.notifications.settings.$put({ json: { emailAlerts: true } }),
      forced.api.tokens[':id'].shares.$post({
        param: { id: tokenId },
        json: { email: 'admin@example.com', access: 'use' },
      }),
    ]
    for (const res of await Promise.all(calls)) {
      expect(res.status).toBe(403)
      expect((await errorOf(res)).code).toBe('password_change_required')
    }
    expect((await t.db.select().from(botKeys)).length).toBe(1)
  })
})

describe('bot keys under attack', () => {
  let s: Served
  let ann: Agent
  let annId: string
  let bobId: string
  let deploy: string
  let bobs: string
  beforeEach(async () => {
    s = await serveTestApp()
    annId = (await seedUser(s, { email: 'ann@example.com' })).id
    bobId = (await seedUser(s, { email: 'bob@example.com' })).id
    ann = await httpSignedIn(s, 'ann@example.com')
    deploy = await insertTokenRow(s, annId, 'Deploy', 'personal', null)
    bobs = await insertTokenRow(s, bobId, 'Bob’s', 'personal', null)
  })
  afterEach(() => s.stop())

  const access = (tokenId: string, key: string) =>
    fetch(`${s.url}/api/v1/tokens/${tokenId}/access`, {
      headers: { authorization: `Bearer ${key}` },
    })

  async function annKey() {
    const res = await ann.api['bot-keys'].$post({ json: { name: 'k', tokenIds: [deploy] } })
    expect(res.status).toBe(201)
    return res.json()
  }

  it('holds: 20 concurrent rotations of one key make exactly one new key', async () => {
    const key = await annKey()
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        ann.api['bot-keys'][':id'].rotate.$post({
          param: { id: key.id },
          json: { graceMinutes: 60 },
        }),
      ),
    )
    const statuses = answers.map((r): number => r.status)
    expect(statuses.filter((st) => st === 201)).toHaveLength(1)
    expect(statuses.filter((st) => st === 409)).toHaveLength(19)
    expect((await s.db.select().from(botKeys)).length).toBe(2)
  })

  it('holds: the old key works through the grace, stops after it, and rotation does not revive it', async () => {
    const key = await annKey()
    const rotated = await ann.api['bot-keys'][':id'].rotate.$post({
      param: { id: key.id },
      json: { graceMinutes: 5 },
    })
    const fresh = await rotated.json()
    expect((await access(deploy, key.key)).status).toBe(200)
    s.clock.advance(5 * 60_000 + 1)
    expect((await access(deploy, key.key)).status).toBe(401)
    expect((await access(deploy, fresh.key)).status).toBe(200)

    // An expired key is not brought back by rotating it.
    const again = await ann.api['bot-keys'][':id'].rotate.$post({
      param: { id: key.id },
      json: { graceMinutes: 60 },
    })
    expect(again.status).toBe(409)
    expect((await access(deploy, key.key)).status).toBe(401)
  })

  it('holds: nobody rotates, rebinds, revokes or reads the refusals of a foreign key', async () => {
    const key = await annKey()
    await seedUser(s, { email: 'root@example.com', role: 'admin' })
    for (const who of ['bob@example.com', 'root@example.com']) {
      const other = await httpSignedIn(s, who)
      const id = key.id
      const answers = await Promise.all([
        other.api['bot-keys'][':id'].rotate.$post({ param: { id }, json: { graceMinutes: 0 } }),
        other.api['bot-keys'][':id'].tokens.$put({ param: { id }, json: { tokenIds: [bobs] } }),
        other.api['bot-keys'][':id'].failures.$get({ param: { id } }),
        other.api['bot-keys'][':id'].$delete({ param: { id } }),
      ])
      expect(answers.map((r) => r.status)).toEqual([404, 404, 404, 404])
    }
    expect((await access(deploy, key.key)).status).toBe(200)
  })

  it('holds: a key cannot be bound to a token its owner cannot see, or only views', async () => {
    const key = await annKey()
    const invisible = await ann.api['bot-keys'][':id'].tokens.$put({
      param: { id: key.id },
      json: { tokenIds: [deploy, bobs] },
    })
    expect(invisible.status).toBe(404)
    const bob = await httpSignedIn(s, 'bob@example.com')
    await bob.api.tokens[':id'].shares.$post({
      param: { id: bobs },
      json: { email: 'ann@example.com', access: 'view' },
    })
    const viewed = await ann.api['bot-keys'][':id'].tokens.$put({
      param: { id: key.id },
      json: { tokenIds: [deploy, bobs] },
    })
    expect(viewed.status).toBe(403)
    expect((await access(bobs, key.key)).status).toBe(404)
  })

  it('holds: rotation and rebinding need a recent password', async () => {
    const key = await annKey()
    s.clock.advance(STEP_UP_MS + 1)
    const rotate = await ann.api['bot-keys'][':id'].rotate.$post({
      param: { id: key.id },
      json: { graceMinutes: 0 },
    })
    const rebind = await ann.api['bot-keys'][':id'].tokens.$put({
      param: { id: key.id },
      json: { tokenIds: [deploy] },
    })
    expect((await errorOf(rotate)).code).toBe('reauth_required')
    expect((await errorOf(rebind)).code).toBe('reauth_required')
  })

  it('holds: a stranger who knows a key’s prefix cannot write into its refusals', async () => {
    const key = await annKey()
    const forged = `${key.key.slice(0, -1)}${key.key.endsWith('A') ? 'B' : 'A'}`
    expect((await access(deploy, forged)).status).toBe(401)
    expect((await access(deploy, `${key.keyPrefix}${'x'.repeat(37)}`)).status).toBe(401)
    // A real refusal, from a forwarded address the server must not believe (no trusted proxy).
    const spoofed = await fetch(`${s.url}/api/v1/tokens/${bobs}/access`, {
      headers: { authorization: `Bearer ${key.key}`, 'x-forwarded-for': '203.0.113.9' },
    })
    expect(spoofed.status).toBe(404)
    await s.flushUsage()
    const res = await ann.api['bot-keys'][':id'].failures.$get({ param: { id: key.id } })
    const items = (await res.json()).items
    expect(items.map((f) => [f.status, f.tokenId])).toEqual([[404, bobs]])
    expect(items[0]?.ip).toMatch(/127\.0\.0\.1$/)
  })

  it('holds: a flood of refused calls keeps a bounded record without the presented key', async () => {
    const key = await annKey()
    for (let minute = 0; minute < 15; minute++) {
      await Promise.all(Array.from({ length: 20 }, (_, i) => access(`nope${minute}x${i}`, key.key)))
      s.clock.advance(60_000)
    }
    await s.flushUsage()
    const res = await ann.api['bot-keys'][':id'].failures.$get({ param: { id: key.id } })
    const items = (await res.json()).items
    expect(items.length).toBeLessThanOrEqual(100)
    expect(JSON.stringify(items)).not.toContain(key.key)
    expect(JSON.stringify(items)).not.toContain(key.key.slice(4))
  })
})

describe('webhook test and redelivery', () => {
  const received: string[] = []
  let inFlight = 0
  let mostInFlight = 0
  const receiver = useLoopbackServer((req, res, body) => {
    received.push(body)
    if (!req.url?.startsWith('/slow')) {
      res.writeHead(200).end('ok')
      return
    }
    inFlight++
    mostInFlight = Math.max(mostInFlight, inFlight)
    setTimeout(() => {
      inFlight--
      res.writeHead(200).end('ok')
    }, 300)
  })
  let s: Served
  let ann: Agent
  let annId: string
  beforeEach(async () => {
    received.length = 0
    mostInFlight = 0
    s = await serveTestApp({ TOKENDESK_WEBHOOK_ORIGINS: receiver.origin() })
    annId = (await seedUser(s, { email: 'ann@example.com' })).id
    await seedUser(s, { email: 'bob@example.com' })
    await seedUser(s, { email: 'root@example.com', role: 'admin' })
    ann = await httpSignedIn(s, 'ann@example.com')
  })
  afterEach(() => s.stop())

  it('holds: 20 concurrent redeliveries queue one; foreign ids answer 404; nothing else is fetched', async () => {
    const hook = await (
      await ann.api.webhooks.$post({ json: { url: `${receiver.origin()}/ann` } })
    ).json()
    await notifyStandalone(
      s.db,
      { ownerId: annId, tokenId: null, type: 'revoked', dedupeKey: 'attack:1', title: 'gone' },
      s.clock(),
    )
    expect(await s.services.webhooks.deliverDue()).toMatchObject({ delivered: 1 })
    const [delivery] = (
      await (await ann.api.webhooks[':id'].deliveries.$get({ param: { id: hook.id } })).json()
    ).items
    const deliveryId = String(delivery?.id)

    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        ann.api.webhooks[':id'].deliveries[':deliveryId'].redeliver.$post({
          param: { id: hook.id, deliveryId },
        }),
      ),
    )
    const statuses = answers.map((r): number => r.status)
    expect(statuses.filter((st) => st === 202)).toHaveLength(1)
    expect(statuses.filter((st) => st === 409)).toHaveLength(19)

    for (const who of ['bob@example.com', 'root@example.com']) {
      const other = await httpSignedIn(s, who)
      const test = await other.api.webhooks[':id'].test.$post({ param: { id: hook.id } })
      const again = await other.api.webhooks[':id'].deliveries[':deliveryId'].redeliver.$post({
        param: { id: hook.id, deliveryId },
      })
      expect([test.status, again.status]).toEqual([404, 404])
    }

    const created = await ann.api.webhooks.$post({ json: { url: `${s.url}/api/health/live` } })
    expect(created.status).toBe(400)
    expect(received).toHaveLength(1)
  })

  // Found by an outside attack (low): queued deliveries keep at most 2 in flight per webhook (docs/security.md #11),
  // but test events skip the queue: any signed-in person holds as many outbound connections open
  // (5 s each) as requests they send, to any public https URL, with no rate limit. Each one also
  // writes an audit row. Measured on a running server: 20 concurrent tests, 20 at the receiver.
  it('test events to one webhook are capped like deliveries, not one per request', async () => {
    const hook = await (
      await ann.api.webhooks.$post({ json: { url: `${receiver.origin()}/slow` } })
    ).json()
    const answers = await Promise.all(
      Array.from({ length: 20 }, () =>
        ann.api.webhooks[':id'].test.$post({ param: { id: hook.id } }),
      ),
    )
    expect(answers.every((r) => [200, 409, 429].includes(r.status))).toBe(true)
    expect(mostInFlight).toBeLessThanOrEqual(2)
  })
})

describe('alert email', () => {
  let sink: SmtpSink
  let t: TestApp
  beforeEach(async () => {
    sink = await startSmtpSink()
    t = createTestApp({
      TOKENDESK_SMTP_URL: sink.url,
      TOKENDESK_SMTP_FROM: 'Token Desk <alerts@desk.example.com>',
    })
  })
  afterEach(async () => {
    await t.services.email?.stop()
    await t.destroy()
    await sink.close()
  })

  it('holds: CR/LF in a token label or a name injects no header and no recipient', async () => {
    const ann = await seedUser(t, {
      email: 'ann@example.com',
      name: 'Ann\r\nBcc: evil@attacker.example',
    })
    await insertTokenRow(
      t,
      ann.id,
      'x\r\nBcc: evil@attacker.example\r\nSubject: pwned\r\n\r\nbody',
      'personal',
      t.clock() + 5 * DAY,
    )
    expect((await t.services.refresher.tick()).alerts).toBe(1)
    await t.services.email?.deliverDue()
    expect(sink.mails).toHaveLength(1)
    const [mail] = sink.mails
    expect(mail?.rcpt).toEqual(['ann@example.com'])
    expect(mail?.headers.bcc).toBeUndefined()
    expect(mail?.headers.subject).not.toMatch(/^pwned$/)
    expect(mail?.headers.subject ?? '').not.toMatch(/[\r\n]/)
  })
})
