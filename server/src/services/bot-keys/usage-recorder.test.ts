import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { pgPool, sqliteConnections } from '../../db/client'
import { auditEvents, botKeyFailures, botKeys, tokens } from '../../db/schema'
import { createTestApp, insertTokenRow, seedUser, type TestApp } from '../../test/test-app'
import { generateBotKey } from './bot-key-store'
import {
  createUsageRecorder,
  REFUSALS_KEPT,
  REFUSALS_PER_MINUTE,
  type Refusal,
  type UsageRecorder,
} from './usage-recorder'

let t: TestApp
let ownerId: string
let tokenId: string
let recorders: UsageRecorder[]
const keyId = 'k1'

beforeEach(async () => {
  t = createTestApp()
  recorders = []
  ownerId = (await seedUser(t, { email: 'ann@example.com' })).id
  tokenId = await insertTokenRow(t, ownerId, 'deploy', 'personal', null)
  const { keyHash } = generateBotKey()
  await t.write((tx) =>
    tx
      .insert(botKeys)
      .values({ id: keyId, ownerId, name: 'k', keyHash, keyPrefix: 'tdk_', createdAt: 0 }),
  )
})
afterEach(async () => {
  for (const r of recorders) await r.stop()
  await t.destroy()
})

function recorder(errors: unknown[] = []) {
  const r = createUsageRecorder(t.db, 60_000, (err) => errors.push(err))
  recorders.push(r)
  return r
}

const use = (at: number, ip: string) => ({ keyId, tokenId, ownerId, ip, at })

const key = async () => (await t.db.select().from(botKeys).where(eq(botKeys.id, keyId)))[0]
const tokenLastUsed = async () =>
  (await t.db.select({ at: tokens.lastUsedAt }).from(tokens).where(eq(tokens.id, tokenId)))[0]?.at
const counts = async () =>
  (
    await t.db
      .select({ detail: auditEvents.detail })
      .from(auditEvents)
      .where(eq(auditEvents.action, 'bot.access'))
  ).map((e) => (JSON.parse(e.detail ?? '{}') as { count: number }).count)

/** Takes the bot_keys table away (and back), so that flushes fail until it returns. */
async function botKeysTable(present: boolean) {
  const statement = present
    ? 'alter table bot_keys_away rename to bot_keys'
    : 'alter table bot_keys rename to bot_keys_away'
  const sqlite = sqliteConnections(t.db)
  if (sqlite) sqlite.writer.exec(statement)
  else await pgPool(t.db)?.query(statement)
}

describe('bot usage recording', () => {
  it('writes one audit row per key and token per flush, with the count', async () => {
    const r = recorder()
    r.record(use(1000, '10.0.0.1'))
    r.record(use(2000, '10.0.0.2'))
    await r.flush()
    expect(await counts()).toEqual([2])
    expect(await key()).toMatchObject({ lastUsedAt: 2000, lastUsedIp: '10.0.0.2' })
    expect(await tokenLastUsed()).toBe(2000)
  })

  it('never moves last use back when another replica flushes an older use after a newer one', async () => {
    const first = recorder()
    const second = recorder()
    first.record(use(2000, '10.0.0.2'))
    second.record(use(1000, '10.0.0.1'))
    await first.flush()
    await second.flush()
    expect(await key()).toMatchObject({ lastUsedAt: 2000, lastUsedIp: '10.0.0.2' })
    expect(await tokenLastUsed()).toBe(2000)
    expect((await counts()).sort()).toEqual([1, 1])
  })

  it('keeps the uses of a batch that failed to commit for the next flush', async () => {
    const errors: unknown[] = []
    const r = recorder(errors)
    r.record(use(1000, '10.0.0.1'))
    r.record(use(2000, '10.0.0.2'))
    await botKeysTable(false)
    await expect(r.flush()).rejects.toThrow()
    await botKeysTable(true)
    expect(await counts()).toEqual([])
    r.record(use(3000, '10.0.0.3'))
    await r.flush()
    expect(await counts()).toEqual([3])
    expect(await key()).toMatchObject({ lastUsedAt: 3000, lastUsedIp: '10.0.0.3' })
  })

  it('drops a batch after three failed flushes, and flushes what comes after it', async () => {
    const errors: unknown[] = []
    const r = recorder(errors)
    r.record(use(1000, '10.0.0.1'))
    await botKeysTable(false)
    for (let i = 0; i < 3; i++) await expect(r.flush()).rejects.toThrow()
    await botKeysTable(true)
    await r.flush()
    expect(await counts()).toEqual([])
    r.record(use(2000, '10.0.0.2'))
    await r.flush()
    expect(await counts()).toEqual([1])
  })

  it('writes what is left when stopped, and stops without throwing when it cannot', async () => {
    const errors: unknown[] = []
    const r = recorder(errors)
    r.record(use(1000, '10.0.0.1'))
    await r.stop()
    expect(await counts()).toEqual([1])
    r.record(use(2000, '10.0.0.2'))
    await botKeysTable(false)
    await expect(r.stop()).resolves.toBeUndefined()
    await botKeysTable(true)
    expect(errors).toHaveLength(1)
  })
})

describe('refused call recording', () => {
  const refusal = (at: number, k = keyId): Refusal => ({
    keyId: k,
    at,
    status: 404,
    code: 'token_not_found',
    tokenId: 'tok-asked',
    ip: '10.0.0.9',
  })
  const stored = async () =>
    t.db.select().from(botKeyFailures).where(eq(botKeyFailures.keyId, keyId))

  it('keeps 10 a minute per key: the minute starts at its first refusal', async () => {
    const r = recorder()
    const kept = Array.from({ length: REFUSALS_PER_MINUTE + 3 }, (_, i) => r.refused(refusal(i)))
    expect(kept.filter(Boolean)).toHaveLength(REFUSALS_PER_MINUTE)
    expect(r.refused(refusal(59_999))).toBe(false)
    expect(r.refused(refusal(60_000))).toBe(true)
    await r.flush()
    const rows = await stored()
    expect(rows).toHaveLength(REFUSALS_PER_MINUTE + 1)
    expect(rows[0]).toMatchObject({ status: 404, code: 'token_not_found', tokenId: 'tok-asked' })
  })

  it('keeps the newest 100 per key, and drops refusals of a key that is gone', async () => {
    const r = recorder()
    for (let minute = 0; minute < 11; minute++)
      for (let i = 0; i < REFUSALS_PER_MINUTE; i++) r.refused(refusal(minute * 60_000 + i))
    r.refused(refusal(0, 'deleted-key'))
    await r.flush()
    const rows = await stored()
    expect(rows).toHaveLength(REFUSALS_KEPT)
    expect(Math.min(...rows.map((f) => f.at))).toBe(60_000)
    expect(await t.db.select().from(botKeyFailures)).toHaveLength(REFUSALS_KEPT)
  })

  it('keeps the refusals of a batch that failed to commit for the next flush', async () => {
    const r = recorder()
    r.refused(refusal(1000))
    await botKeysTable(false)
    await expect(r.flush()).rejects.toThrow()
    await botKeysTable(true)
    await r.flush()
    expect(await stored()).toHaveLength(1)
  })
})
