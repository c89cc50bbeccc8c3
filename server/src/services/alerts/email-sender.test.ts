import { asc, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { AppDeps } from '../../app-env'
import { closeDatabase, pgDb } from '../../db/client'
import { DIALECT, emailDeliveries, users } from '../../db/schema'
import { loadConfig } from '../../env'
import { type SmtpSink, startSmtpSink } from '../../test/smtp-sink'
import {
  createTestApp,
  insertTokenRow,
  seedUser,
  signedIn,
  type TestApp,
} from '../../test/test-app'
import { createEmailSender } from './email-sender'
import { notifyStandalone } from './notify'

/**
 * Issue #16: alerts by email, against a real SMTP conversation with a sink on 127.0.0.1; the
 * clock is injected for the backoff.
 */

const DAY = 86_400_000
const FROM = 'Token Desk <alerts@desk.example.com>'

let sink: SmtpSink
let t: TestApp
let ann: { id: string; email: string }

function smtpApp() {
  return createTestApp({ TOKENDESK_SMTP_URL: sink.url, TOKENDESK_SMTP_FROM: FROM })
}

beforeEach(async () => {
  sink = await startSmtpSink()
  t = smtpApp()
  ann = await seedUser(t, { email: 'ann@example.com' })
})
afterEach(async () => {
  await t.services.email?.stop()
  await t.destroy()
  await sink.close()
})

const sender = () => {
  if (!t.services.email) throw new Error('SMTP is configured, so there is an email sender')
  return t.services.email
}

let seq = 0
const raise = (ownerId: string, title = `alert ${++seq}`) =>
  notifyStandalone(
    t.db,
    { ownerId, tokenId: null, type: 'revoked', dedupeKey: `email:${++seq}`, title },
    t.clock(),
  )

const rows = () =>
  t.db
    .select({
      to: emailDeliveries.to,
      status: emailDeliveries.status,
      attempts: emailDeliveries.attempts,
      next: emailDeliveries.nextAttemptAt,
      error: emailDeliveries.lastError,
    })
    .from(emailDeliveries)
    .orderBy(asc(emailDeliveries.id))

describe('alert emails', () => {
  it('an expiring token sends its owner exactly one email', async () => {
    const tokenId = await insertTokenRow(t, ann.id, 'Deploy bot', 'personal', t.clock() + 5 * DAY)
    const first = await t.services.refresher.tick()
    expect(first.alerts).toBe(1)
    expect(await sender().deliverDue()).toEqual({ attempted: 1, delivered: 1 })

    expect(sink.mails).toHaveLength(1)
    const [mail] = sink.mails
    expect(mail?.rcpt).toEqual(['ann@example.com'])
    expect(mail?.from).toBe('alerts@desk.example.com')
    expect(mail?.headers.to).toBe('ann@example.com')
    expect(mail?.headers.from).toBe(FROM)
    expect(mail?.headers.subject).toBe('[Token Desk] “Deploy bot” expires in 7 days or less')
    expect(mail?.text).toContain(`${t.deps.config.publicUrl}/tokens/${tokenId}`)
    expect(mail?.text).toContain('/settings/alerts')

    // Later ticks find the same threshold already alerted, and nothing left to send.
    await t.services.refresher.tick()
    expect(await sender().deliverDue()).toEqual({ attempted: 0, delivered: 0 })
    expect(sink.mails).toHaveLength(1)
    expect(await rows()).toMatchObject([{ to: 'ann@example.com', status: 'delivered' }])
  })

  it('retries a relay that says "try later" with backoff, and gives up at once on a refusal', async () => {
    sink.refuse('451 4.3.0 try again later')
    await raise(ann.id)
    expect(await sender().deliverDue()).toEqual({ attempted: 1, delivered: 0 })
    const [row] = await rows()
    expect(row).toMatchObject({ status: 'pending', attempts: 1, next: t.clock() + 30_000 })
    expect(row?.error).toContain('451')

    t.clock.advance(29_999)
    expect(await sender().deliverDue()).toEqual({ attempted: 0, delivered: 0 })
    t.clock.advance(1)
    expect(await sender().deliverDue()).toEqual({ attempted: 1, delivered: 1 })
    expect(sink.mails).toHaveLength(1)

    sink.refuse('550 5.1.1 no such mailbox')
    await raise(ann.id)
    expect(await sender().deliverDue()).toEqual({ attempted: 1, delivered: 0 })
    t.clock.advance(DAY)
    expect(await sender().deliverDue()).toEqual({ attempted: 0, delivered: 0 })
    expect((await rows())[1]).toMatchObject({ status: 'failed', attempts: 1, next: null })
  })

  it('queues nothing for a person who turned email off, or one who is disabled', async () => {
    const bob = await seedUser(t, { email: 'bob@example.com' })
    const agent = await signedIn(t, 'ann@example.com')
    const settings = await agent.api.notifications.settings.$put({ json: { emailAlerts: false } })
    expect(await settings.json()).toEqual({
      expiryDays: [30, 7, 1],
      emailAlerts: false,
      emailAvailable: true,
    })
    await t.write((tx) => tx.update(users).set({ disabled: true }).where(eq(users.id, bob.id)))
    expect(await raise(ann.id)).toBe(true)
    expect(await raise(bob.id)).toBe(true)
    expect(await rows()).toEqual([])
    expect(await sender().deliverDue()).toEqual({ attempted: 0, delivered: 0 })
    expect(sink.mails).toEqual([])
  })

  it('is off without TOKENDESK_SMTP_URL: no sender, and no alert queues an email', async () => {
    await t.destroy()
    t = createTestApp()
    ann = await seedUser(t, { email: 'ann@example.com' })
    expect(t.services.email).toBeNull()
    expect(await raise(ann.id)).toBe(true)
    expect(await rows()).toEqual([])
    const agent = await signedIn(t, 'ann@example.com')
    expect((await (await agent.api.notifications.settings.$get()).json()).emailAvailable).toBe(
      false,
    )
  })
})

describe('alert emails across processes', () => {
  let other: { deps: AppDeps; close(): Promise<void> }

  /** A second process on t's database: its own connections (SQLite: its own handles on the file). */
  function secondProcess(): typeof other {
    const url = t.deps.config.databaseUrl
    if (DIALECT === 'pg' && url) {
      const db = pgDb({ url, poolSize: 4 })
      return { deps: { ...t.deps, db }, close: () => closeDatabase(db) }
    }
    const twin = createTestApp({ TOKENDESK_SMTP_URL: sink.url, TOKENDESK_SMTP_FROM: FROM }, t.dir)
    return { deps: twin.deps, close: () => twin.close() }
  }

  afterEach(() => other.close())

  it('two senders ticking at once send each email exactly once', async () => {
    other = secondProcess()
    const bob = await seedUser(t, { email: 'bob@example.com' })
    for (let i = 0; i < 12; i++) await raise(i % 2 ? ann.id : bob.id, `alert ${i}`)
    const smtp = { url: sink.url, from: FROM }
    const senders = [createEmailSender(t.deps, smtp), createEmailSender(other.deps, smtp)]
    let attempted = 0
    for (let round = 0; round < 20 && attempted < 12; round++) {
      const results = await Promise.all(senders.map((s) => s.deliverDue()))
      attempted += results.reduce((n, r) => n + r.attempted, 0)
    }
    await Promise.all(senders.map((s) => s.stop()))

    expect(attempted).toBe(12)
    expect(sink.mails).toHaveLength(12)
    const subjects = new Set(sink.mails.map((m) => `${m.rcpt.join()} ${m.headers.subject}`))
    expect(subjects.size).toBe(12)
    expect((await rows()).every((r) => r.status === 'delivered' && r.attempts === 1)).toBe(true)
  })
})

describe('email configuration', () => {
  const base = { TOKENDESK_DATA_DIR: '/tmp/x' }
  it('takes smtp:// and smtps:// URLs with a sender address, and is off without them', () => {
    expect(loadConfig(base).smtp).toBeUndefined()
    const url = 'smtps://alerts:pa55word@mail.example.com:465'
    expect(
      loadConfig({ ...base, TOKENDESK_SMTP_URL: url, TOKENDESK_SMTP_FROM: FROM }).smtp,
    ).toEqual({ url, from: FROM })
  })

  it('names the variable at fault and never repeats the URL, which may hold a password', () => {
    const bad = { ...base, TOKENDESK_SMTP_URL: 'https://alerts:pa55word@mail.example.com' }
    expect(() => loadConfig({ ...bad, TOKENDESK_SMTP_FROM: FROM })).toThrow(
      /TOKENDESK_SMTP_URL: must be an smtp:\/\/ or smtps:\/\/ URL/,
    )
    expect(() => loadConfig({ ...bad, TOKENDESK_SMTP_FROM: FROM })).not.toThrow(/pa55word/)
    expect(() =>
      loadConfig({ ...base, TOKENDESK_SMTP_URL: 'smtp://alerts:pa55word@mail.example.com' }),
    ).toThrow(/TOKENDESK_SMTP_FROM is required with TOKENDESK_SMTP_URL/)
  })
})
