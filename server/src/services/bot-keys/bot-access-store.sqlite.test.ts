import { join } from 'node:path'
import Database from 'better-sqlite3'
import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { botKeys, botKeyTokens } from '../../db/schema'
import { DB_FILE } from '../../lib/boot'
import { createTestApp, insertTokenRow, seedUser, type TestApp } from '../../test/test-app'
import { prepareBotAccess } from './bot-access-store'
import { generateBotKey } from './bot-key-store'

let t: TestApp
let ownerId: string
let tokenId: string
let keyHash: string
const key = { id: 'k1', ownerId: '' }

beforeEach(async () => {
  t = createTestApp()
  ownerId = (await seedUser(t, { email: 'ann@example.com' })).id
  key.ownerId = ownerId
  tokenId = await insertTokenRow(t, ownerId, 'deploy', 'personal', null)
  const generated = generateBotKey()
  keyHash = generated.keyHash
  await t.write(async (tx) => {
    await tx
      .insert(botKeys)
      .values({ id: key.id, ownerId, name: 'k', keyHash, keyPrefix: 'tdk_', createdAt: 0 })
    await tx.insert(botKeyTokens).values({ keyId: key.id, tokenId })
  })
})
afterEach(() => t.destroy())

/** One bot request's lookups, as bot-access makes them. */
function lookUp(store: ReturnType<typeof prepareBotAccess>) {
  store.revalidate()
  return { key: store.findKey(keyHash), bound: store.findBoundToken(key, tokenId) }
}

describe('the bot lookups’ cache', () => {
  it('answers repeated lookups from memory while nothing is written', () => {
    const store = prepareBotAccess(t.db)
    lookUp(store)
    expect(store.stats()).toMatchObject({ misses: 2, hits: 0 })
    for (let i = 0; i < 5; i++) lookUp(store)
    expect(store.stats()).toMatchObject({ misses: 2, hits: 10 })
  })

  it('reads again after any write by this process', async () => {
    const store = prepareBotAccess(t.db)
    expect(lookUp(store).key?.key.revokedAt).toBeNull()
    await t.write((tx) => tx.update(botKeys).set({ revokedAt: 5 }).where(eq(botKeys.id, key.id)))
    expect(lookUp(store).key?.key.revokedAt).toBe(5)
    expect(store.stats()).toMatchObject({ misses: 4, hits: 0 })
  })

  it('reads again after a commit by another connection', () => {
    const store = prepareBotAccess(t.db)
    lookUp(store)
    const other = new Database(join(t.dir, DB_FILE))
    try {
      other.prepare('delete from bot_key_tokens where key_id = ?').run(key.id)
    } finally {
      other.close()
    }
    const after = lookUp(store)
    expect(after.key).toBeDefined()
    expect(after.bound).toBeUndefined()
    expect(store.stats().hits).toBe(0)
  })

  it('decrypts a value once per ciphertext, and not past a write', async () => {
    const store = prepareBotAccess(t.db)
    let decrypts = 0
    const value = (envelope: string) =>
      store.valueOf(key, { id: tokenId, ownerId }, envelope, () => {
        decrypts++
        return `plain ${envelope}`
      })
    lookUp(store)
    expect(value('e1')).toBe('plain e1')
    expect(value('e1')).toBe('plain e1')
    expect(decrypts).toBe(1)
    // A different ciphertext (a renewal within the same request) is decrypted afresh.
    expect(value('e2')).toBe('plain e2')
    expect(decrypts).toBe(2)
    await t.write((tx) => tx.update(botKeys).set({ lastUsedAt: 1 }).where(eq(botKeys.id, key.id)))
    lookUp(store)
    expect(value('e2')).toBe('plain e2')
    expect(decrypts).toBe(3)
  })
})
