import { asc, eq, sql } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { rawRows } from '../../db/raw'
import { auditEvents, notifications, revocationOutbox, tokens } from '../../db/schema'
import {
  createTestApp,
  insertTokenRow,
  seedUser,
  signedIn,
  type TestApp,
} from '../../test/test-app'
import { createCircuitBreaker } from '../providers/circuit-breaker'
import { dbNowMs } from '../refresh/db-now'
import { secondProcess } from '../refresh/second-process'
import {
  type FakeRevocationProvider,
  startFakeRevocationProvider,
} from './fake-revocation-provider'
import { outboxValueAad, WIPED } from './outbox-store'
import { createRevocationOutbox } from './outbox-worker'

const HOUR = 3_600_000
let idp: FakeRevocationProvider
let t: TestApp
let owner: Awaited<ReturnType<typeof signedIn>>
let ownerId: string

function start(giveUpMs?: number) {
  t = createTestApp({ TOKENDESK_TRUSTED_PROVIDERS: idp.url }, undefined, {
    refresher: { jitterMs: 0, revocation: giveUpMs ? { giveUpMs } : undefined },
  })
}

beforeEach(async () => {
  idp = await startFakeRevocationProvider()
  start()
  ownerId = (await seedUser(t, { email: 'ann@example.com' })).id
  owner = await signedIn(t, 'ann@example.com')
})
afterEach(async () => {
  await t.destroy()
  await idp.close()
})

/** A registered provider with an RFC 7009 endpoint, and a client_credentials token from it. */
async function providerToken() {
  const p = await owner.api.providers.$post({
    json: {
      name: 'Test IdP',
      tokenUrl: idp.tokenUrl,
      revocationUrl: idp.revocationUrl,
      clientId: 'tokendesk',
      clientSecret: 'client-secret-0123456789',
      clientAuth: 'client_secret_post',
      scopes: [],
    },
  })
  expect(p.status).toBe(201)
  const { id: providerId } = await p.json()
  const minted = await owner.api.providers[':id'].tokens.$post({
    param: { id: providerId },
    json: { scopes: [] },
  })
  expect(minted.status).toBe(201)
  return (await minted.json()).id
}

const revoke = async (id: string) => {
  const res = await owner.api.tokens[':id'].revoke.$post({ param: { id } })
  expect(res.status).toBe(200)
  return res.json()
}
const view = async (id: string) => (await owner.api.tokens[':id'].$get({ param: { id } })).json()
const outbox = () => t.db.select().from(revocationOutbox).orderBy(asc(revocationOutbox.createdAt))
const actions = () =>
  t.db
    .select({ action: auditEvents.action, detail: auditEvents.detail })
    .from(auditEvents)
    .orderBy(asc(auditEvents.id))
const tick = () => t.services.refresher.tick()

describe('revocation outbox', () => {
  it('queues a revocation the provider answered 503, and revokes it on a tick after it recovers', async () => {
    const id = await providerToken()
    idp.state.script = [503]
    const queuedAt = t.clock()
    expect(await revoke(id)).toEqual({
      provider: 'unreachable',
      providerStatus: 503,
      revocationQueued: true,
    })
    const sent = idp.calls[0]?.token ?? ''
    expect(sent).toMatch(/^at-/)

    // The value left the token row and sits in the queue once, sealed to the queue row.
    const [stored] = await t.db.select().from(tokens).where(eq(tokens.id, id))
    expect(stored).toMatchObject({ status: 'revoked', accessTokenEnc: null, refreshTokenEnc: null })
    const [row] = await outbox()
    expect(row).toMatchObject({ tokenId: id, ownerId, status: 'pending', attempts: 1 })
    expect(row?.valueEnc).not.toContain(sent)
    expect(
      t.deps.keyring.decrypt(row?.valueEnc ?? '', outboxValueAad(row ?? { id, ownerId })),
    ).toBe(sent)
    expect(() =>
      t.deps.keyring.decrypt(row?.valueEnc ?? '', outboxValueAad({ id: 'other', ownerId })),
    ).toThrow()
    expect(await view(id)).toMatchObject({
      revocationPending: true,
      revocationLastTriedAt: new Date(queuedAt).toISOString(),
    })

    // Not due yet: the first retry waits a minute.
    await tick()
    expect(idp.calls).toHaveLength(1)
    t.clock.advance(60_000)
    expect((await tick()).revocations).toMatchObject({ revoked: 1 })
    expect(idp.calls.map((c) => [c.kind, c.token, c.hint])).toEqual([
      ['rfc7009', sent, 'access_token'],
      ['rfc7009', sent, 'access_token'],
    ])
    expect((await outbox())[0]).toMatchObject({
      status: 'done',
      attempts: 2,
      valueEnc: WIPED,
      finishedAt: t.clock(),
      leaseUntil: null,
    })
    expect(await view(id)).toMatchObject({ revocationPending: false })
    expect((await actions()).map((a) => a.action)).toContain('token.revocation_confirmed')
    await tick()
    expect(idp.calls).toHaveLength(2)
  })

  it('does not queue a revocation the provider refused for good (400)', async () => {
    const id = await providerToken()
    idp.state.script = [400]
    expect(await revoke(id)).toEqual({
      provider: 'error',
      providerStatus: 400,
      revocationQueued: false,
    })
    expect(await outbox()).toEqual([])
    expect(await view(id)).toMatchObject({ status: 'revoked', revocationPending: false })
  })

  it('queues a HipChat session DELETE that could not connect, and keeps the pending state of a deleted token in the audit', async () => {
    const id = await insertTokenRow(t, ownerId, 'Room token', 'personal', null, {
      providerUrl: idp.apiUrl,
    })
    idp.state.script = [502]
    const res = await owner.api.tokens[':id'].$delete({ param: { id } })
    expect(await res.json()).toEqual({
      deleted: true,
      provider: 'error',
      providerStatus: 502,
      revocationQueued: true,
    })
    expect(await t.db.select().from(tokens)).toEqual([])
    const deleted = (await actions()).find((a) => a.action === 'token.deleted')
    expect(JSON.parse(String(deleted?.detail))).toMatchObject({ revocation: 'queued' })

    t.clock.advance(60_000)
    await tick()
    expect(idp.calls.map((c) => [c.kind, c.token])).toEqual([
      ['session', `value-${id}`],
      ['session', `value-${id}`],
    ])
    expect((await outbox())[0]).toMatchObject({ status: 'done', valueEnc: WIPED })
  })

  it('gives up after the give-up period with an audit row and a notification, and wipes the value', async () => {
    await t.destroy()
    start(3 * HOUR)
    ownerId = (await seedUser(t, { email: 'ann@example.com' })).id
    owner = await signedIn(t, 'ann@example.com')
    const id = await providerToken()
    idp.state.fallback = 503
    await revoke(id)
    for (let i = 0; i < 12; i++) {
      t.clock.advance(15 * 60_000)
      await tick()
    }
    const [row] = await outbox()
    expect(row).toMatchObject({
      status: 'given_up',
      valueEnc: WIPED,
      lastError: 'the provider answered 503',
    })
    // Backoff 1, 2, 4 … minutes: far fewer calls than ticks.
    expect(idp.calls.length).toBeGreaterThan(3)
    expect(idp.calls.length).toBeLessThan(12)
    expect((await actions()).map((a) => a.action)).toContain('token.revocation_given_up')
    expect(
      await t.db.select().from(notifications).where(eq(notifications.ownerId, ownerId)),
    ).toContainEqual(
      expect.objectContaining({
        tokenId: id,
        title: 'The provider never confirmed revoking “Test IdP client token”',
      }),
    )
    // Hours went by: the session ended too.
    owner = await signedIn(t, 'ann@example.com')
    expect(await view(id)).toMatchObject({ revocationPending: false })
    const calls = idp.calls.length
    t.clock.advance(HOUR)
    await tick()
    expect(idp.calls).toHaveLength(calls)
  })

  it('skips rows whose provider circuit is open, then revokes with the one probe call', async () => {
    const id = await providerToken()
    const breaker = createCircuitBreaker(t.deps)
    for (let i = 0; i < 5; i++) await breaker.failure(idp.url, 'provider answered 503')
    // The circuit is open: the revocation is queued without calling the provider at all.
    expect(await revoke(id)).toMatchObject({ provider: 'unreachable', revocationQueued: true })
    expect(idp.calls).toHaveLength(0)
    expect((await outbox())[0]).toMatchObject({ attempts: 0 })
    expect(await view(id)).toMatchObject({ revocationPending: true, revocationLastTriedAt: null })
    expect((await tick()).revocations).toMatchObject({ held: 1 })
    t.clock.advance(30_000)
    expect((await tick()).revocations).toMatchObject({ due: 0 })
    expect(idp.calls).toHaveLength(0)
    // The row is held until the cool-down ends; the next tick after it sends the probe.
    t.clock.advance(30_001)
    expect((await tick()).revocations).toMatchObject({ revoked: 1 })
    expect(idp.calls).toHaveLength(1)
    expect((await breaker.list())[0]).toMatchObject({ state: 'closed', failures: 0 })
  })

  it('two processes on one database never call the provider twice for one row', async () => {
    const ids = []
    for (let i = 0; i < 6; i++) ids.push(await providerToken())
    idp.state.fallback = 503
    for (const id of ids) await revoke(id)
    expect(await outbox()).toHaveLength(6)
    // The provider recovers (and the circuit those failures opened is closed again).
    await createCircuitBreaker(t.deps).success(idp.url)
    idp.state.fallback = 200
    idp.state.delayMs = 30
    idp.calls.length = 0
    t.clock.advance(60_000)
    const other = secondProcess(t)
    const a = createRevocationOutbox(t.deps, { concurrency: 3 })
    const b = createRevocationOutbox(other.deps, { concurrency: 3 })
    const [ra, rb] = await Promise.all([a.processDue(), b.processDue()])
    await other.close()
    expect(ra.revoked + rb.revoked).toBe(6)
    expect(ra.revoked).toBeGreaterThan(0)
    expect(rb.revoked).toBeGreaterThan(0)
    expect(idp.calls).toHaveLength(6)
    expect(new Set(idp.calls.map((c) => c.token)).size).toBe(6)
    expect((await outbox()).every((r) => r.status === 'done' && r.valueEnc === WIPED)).toBe(true)
  })

  it('leaves a row another process holds until its lease runs out by the database clock', async () => {
    const id = await providerToken()
    idp.state.script = [503]
    await revoke(id)
    const [queued] = await outbox()
    const dbNow = async () =>
      (await rawRows<{ now: number }>(t.db, sql`select ${dbNowMs()} as now`))[0]?.now ?? 0
    const holdUntil = async (until: number) =>
      t.write((tx) =>
        tx
          .update(revocationOutbox)
          .set({ leaseUntil: until })
          .where(eq(revocationOutbox.id, queued?.id ?? '')),
      )
    await holdUntil((await dbNow()) + 60_000)
    // Due a day ago by this process's clock; leased for another minute by the database's.
    t.clock.advance(86_400_000)
    expect((await tick()).revocations).toMatchObject({ due: 0 })
    expect(idp.calls).toHaveLength(1)
    await holdUntil((await dbNow()) - 1)
    expect((await tick()).revocations).toMatchObject({ due: 1, revoked: 1 })
    expect(idp.calls).toHaveLength(2)
  })
})
