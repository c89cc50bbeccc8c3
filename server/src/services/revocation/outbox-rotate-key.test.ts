import { randomBytes } from 'node:crypto'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { revocationOutbox } from '../../db/schema'
import { createKeyring } from '../../lib/crypto/keyring'
import { createTestApp, seedUser, type TestApp } from '../../test/test-app'
import { reencryptAll } from '../rotate-key'
import { enqueueRevocation, outboxValueAad, WIPED } from './outbox-store'

let t: TestApp
afterEach(() => t.destroy())

describe('key rotation and the revocation outbox', () => {
  it('re-encrypts queued values under the new key and leaves wiped rows alone', async () => {
    const oldKey = randomBytes(32)
    t = createTestApp({ TOKENDESK_MASTER_KEY: oldKey.toString('base64') })
    const ownerId = (await seedUser(t, { email: 'ann@example.com' })).id
    const input = {
      tokenId: 'tok1',
      ownerId,
      installationId: null,
      providerId: null,
      providerUrl: 'https://api.hipchat.com/v2/',
      tokenTypeHint: 'access_token' as const,
      attempts: 1,
      lastError: 'the provider answered 503',
    }
    const { keyring } = t.deps
    const pending = await t.write((tx) =>
      enqueueRevocation(tx, keyring, { ...input, value: 'v-pending' }, 0),
    )
    const done = await t.write(async (tx) => {
      const id = await enqueueRevocation(tx, keyring, { ...input, value: 'v-done' }, 0)
      await tx
        .update(revocationOutbox)
        .set({ status: 'done', valueEnc: WIPED })
        .where(eq(revocationOutbox.id, id))
      return id
    })

    const newKey = randomBytes(32)
    expect((await reencryptAll(t.db, createKeyring(newKey, [oldKey]))).rows).toBe(1)
    const only = createKeyring(newKey)
    const rows = await t.db.select().from(revocationOutbox)
    const row = rows.find((r) => r.id === pending)
    expect(only.decrypt(row?.valueEnc ?? '', outboxValueAad({ id: pending, ownerId }))).toBe(
      'v-pending',
    )
    expect(rows.find((r) => r.id === done)?.valueEnc).toBe(WIPED)
  })
})
