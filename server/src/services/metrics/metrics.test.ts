import { afterEach, describe, expect, it } from 'vitest'
import { closeDatabase, type Db, pgDb } from '../../db/client'
import {
  DIALECT,
  notifications,
  providerCircuits,
  revocationOutbox,
  webhookDeliveries,
  webhooks,
} from '../../db/schema'
import { openSqliteDataDir } from '../../lib/boot'
import { createTestApp, insertTokenRow, seedUser, type TestApp } from '../../test/test-app'
import { countRefresh, createMetrics, timeExchange } from './metrics'
import { parsePromText, sampleValue } from './prom-text'

let t: TestApp
afterEach(async () => {
  await t?.destroy()
})

/** A second handle on the test's database, for a test that closes it. */
function secondHandle(app: TestApp): Db {
  if (DIALECT === 'pg') return pgDb({ url: app.deps.config.databaseUrl ?? '', poolSize: 1 })
  return openSqliteDataDir({ dataDir: app.dir, masterKey: undefined, oldKeys: [] }).db
}

const metricsOf = (app: TestApp) => createMetrics(app.deps)
const samples = async (m: ReturnType<typeof createMetrics>) =>
  parsePromText((await m.render()).body)

describe('metrics counters', () => {
  it('counts refresh outcomes by outcome, token kind and provider origin', async () => {
    t = createTestApp()
    const m = metricsOf(t)
    const addon = { kind: 'addon', providerUrl: 'https://api.hipchat.com/v2/' }
    m.refreshOutcome('refreshed', addon)
    m.refreshOutcome('refreshed', addon)
    m.refreshOutcome('failed', { kind: 'oauth', providerUrl: 'https://id.example.com/v2/' })
    const s = await samples(m)
    expect(
      sampleValue(s, 'tokendesk_refresh_total', {
        outcome: 'refreshed',
        kind: 'addon',
        provider: 'https://api.hipchat.com',
      }),
    ).toBe(2)
    expect(
      sampleValue(s, 'tokendesk_refresh_total', {
        outcome: 'failed',
        kind: 'oauth',
        provider: 'https://id.example.com',
      }),
    ).toBe(1)
  })

  it('counts a refresh job by its outcome, a thrown one as error, a skipped one not at all', async () => {
    t = createTestApp()
    const m = metricsOf(t)
    const token = { kind: 'user', providerUrl: 'https://api.hipchat.com/v2/' }
    const outcome = { kind: 'circuit_open' }
    expect(await countRefresh(m, token, Promise.resolve(outcome))).toBe(outcome)
    expect(await countRefresh(m, token, Promise.resolve(null))).toBeNull()
    await expect(countRefresh(m, token, Promise.reject(new Error('boom')))).rejects.toThrow('boom')
    const s = (await samples(m)).filter((x) => x.name === 'tokendesk_refresh_total')
    expect(s.map((x) => [x.labels.outcome, x.labels.kind, x.labels.provider, x.value])).toEqual([
      ['circuit_open', 'user', 'https://api.hipchat.com', 1],
      ['error', 'user', 'https://api.hipchat.com', 1],
    ])
  })

  it('times exchanges per provider origin, including calls that throw', async () => {
    t = createTestApp()
    const m = metricsOf(t)
    const origin = 'https://api.hipchat.com'
    expect(await timeExchange(m, origin, async () => 'ok')).toBe('ok')
    await expect(
      timeExchange(m, origin, async () => {
        throw new Error('socket hang up')
      }),
    ).rejects.toThrow('socket hang up')
    m.exchangeSeconds(origin, 3)
    const s = await samples(m)
    expect(sampleValue(s, 'tokendesk_exchange_seconds_count', { provider: origin })).toBe(3)
    expect(sampleValue(s, 'tokendesk_exchange_seconds_bucket', { provider: origin, le: '1' })).toBe(
      2,
    )
    expect(sampleValue(s, 'tokendesk_exchange_seconds_bucket', { provider: origin, le: '5' })).toBe(
      3,
    )
    // Without metrics the call still runs.
    expect(await timeExchange(undefined, origin, async () => 7)).toBe(7)
  })

  it('keeps each registry to itself, so apps in one process do not share counts', async () => {
    t = createTestApp()
    const a = metricsOf(t)
    const b = metricsOf(t)
    a.botRequest(200)
    a.botRequest(200)
    b.botRequest(429)
    const sa = await samples(a)
    const sb = await samples(b)
    expect(sampleValue(sa, 'tokendesk_bot_requests_total', { status: '200' })).toBe(2)
    expect(sampleValue(sa, 'tokendesk_bot_requests_total', { status: '429' })).toBeUndefined()
    expect(sampleValue(sb, 'tokendesk_bot_requests_total', { status: '429' })).toBe(1)
    expect(sampleValue(sb, 'tokendesk_bot_requests_total', { status: '200' })).toBeUndefined()
  })
})

describe('metrics gauges read from the database at scrape', () => {
  it('reports the due backlog, both queues and open circuits', async () => {
    t = createTestApp()
    const now = t.clock()
    const hour = 3_600_000
    const user = await seedUser(t, { email: 'ann@example.com' })
    const renewable = { grant: 'client_credentials' as const, createdAt: now - hour }
    // Due: an hour-long token with a minute left (its window is the last 6 minutes).
    await insertTokenRow(t, user.id, 'due', 'addon', now + 60_000, renewable)
    // Due and leased by a refresher right now: still in the backlog until it is renewed.
    await insertTokenRow(t, user.id, 'leased', 'addon', now + 60_000, {
      ...renewable,
      leaseOwner: 'other',
      leaseUntil: now + 30_000,
    })
    // Not due yet, not renewable, backing off, given up, needing reauth: none counts.
    await insertTokenRow(t, user.id, 'later', 'addon', now + 50 * hour, renewable)
    await insertTokenRow(t, user.id, 'pasted', 'personal', now + 60_000, { createdAt: now - hour })
    await insertTokenRow(t, user.id, 'backoff', 'addon', now + 60_000, {
      ...renewable,
      nextAttemptAt: now + 30_000,
    })
    await insertTokenRow(t, user.id, 'given-up', 'addon', now + 60_000, {
      ...renewable,
      failingSince: now - t.deps.config.refreshGiveUpMs - 1,
    })
    await insertTokenRow(t, user.id, 'reauth', 'addon', now + 60_000, {
      ...renewable,
      status: 'needs_reauth',
    })

    await t.write(async (tx) => {
      await tx.insert(webhooks).values({
        id: 'wh1',
        ownerId: user.id,
        url: 'https://hooks.example.com/x',
        secretEnc: 'x',
        createdAt: now,
      })
      const [note] = await tx
        .insert(notifications)
        .values({
          ownerId: user.id,
          type: 'expiring',
          dedupeKey: 'k1',
          title: 'Expiring',
          createdAt: now,
        })
        .returning({ id: notifications.id })
      const delivery = { webhookId: 'wh1', notificationId: note?.id ?? 0, createdAt: now }
      await tx.insert(webhookDeliveries).values([
        { ...delivery, status: 'pending' },
        { ...delivery, status: 'pending' },
        { ...delivery, status: 'delivered' },
        { ...delivery, status: 'failed' },
      ])
      const outbox = {
        tokenId: 't',
        ownerId: user.id,
        providerUrl: 'https://api.hipchat.com/v2/',
        valueEnc: 'x',
        tokenTypeHint: 'refresh_token' as const,
        nextAttemptAt: now,
        createdAt: now,
      }
      await tx.insert(revocationOutbox).values([
        { ...outbox, id: 'r1', status: 'pending' },
        { ...outbox, id: 'r2', status: 'done' },
        { ...outbox, id: 'r3', status: 'given_up' },
      ])
      await tx.insert(providerCircuits).values([
        { origin: 'https://a.example.com', state: 'open', openUntil: now + 60_000, updatedAt: now },
        { origin: 'https://b.example.com', state: 'closed', updatedAt: now },
        {
          origin: 'https://c.example.com',
          state: 'half_open',
          probeUntil: now + 1,
          updatedAt: now,
        },
      ])
    })

    const s = await samples(metricsOf(t))
    expect(sampleValue(s, 'tokendesk_refresh_due_backlog')).toBe(2)
    expect(sampleValue(s, 'tokendesk_webhook_queue_depth')).toBe(2)
    expect(sampleValue(s, 'tokendesk_revocation_queue_depth')).toBe(1)
    const circuit = (origin: string) =>
      sampleValue(s, 'tokendesk_provider_circuit_open', { origin })
    expect(circuit('https://a.example.com')).toBe(1)
    expect(circuit('https://b.example.com')).toBe(0)
    expect(circuit('https://c.example.com')).toBe(1)

    // 49.5 hours on, the later token is due too and the back-off is over; the rest stay out.
    t.clock.advance(49.5 * hour)
    const later = await samples(metricsOf(t))
    expect(sampleValue(later, 'tokendesk_refresh_due_backlog')).toBe(4)
  })

  it('reports NaN for a gauge it cannot read, and still renders the rest', async () => {
    t = createTestApp()
    const db = secondHandle(t)
    const m = createMetrics({ ...t.deps, db })
    m.botRequest(200)
    await closeDatabase(db)
    const s = await samples(m)
    expect(sampleValue(s, 'tokendesk_bot_requests_total', { status: '200' })).toBe(1)
    expect(sampleValue(s, 'tokendesk_refresh_due_backlog')).toBeNaN()
    expect(sampleValue(s, 'tokendesk_webhook_queue_depth')).toBeNaN()
    expect(sampleValue(s, 'tokendesk_revocation_queue_depth')).toBeNaN()
    expect(s.some((x) => x.name === 'tokendesk_provider_circuit_open')).toBe(false)
  })
})
