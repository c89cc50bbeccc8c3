import { randomBytes } from 'node:crypto'
import { sql } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { closeDatabase } from '../db/client'
import { rawRows } from '../db/raw'
import { openDatabase } from '../lib/boot'
import { createKeyring } from '../lib/crypto/keyring'
import { startTestEmulator } from '../test/emulator-fixture'
import { createTestApp, seedUser, signedIn } from '../test/test-app'
import { reencryptAll } from './rotate-key'

let hip: Awaited<ReturnType<typeof startTestEmulator>>
beforeAll(async () => {
  hip = await startTestEmulator()
})
afterAll(() => hip.emulator.close())

describe('key rotation', () => {
  it('re-encrypts every secret so the old key can be dropped', async () => {
    const oldKey = randomBytes(32).toString('base64')
    const env = {
      TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url,
      TOKENDESK_MASTER_KEY: oldKey,
      TOKENDESK_WEBHOOK_ORIGINS: 'http://127.0.0.1:9',
    }
    const t = createTestApp(env)
    await seedUser(t, { email: 'ann@example.com' })
    const ann = await signedIn(t, 'ann@example.com')
    const value = hip.emulator.mintPersonalToken({ userId: hip.user.id }).access_token
    const { id } = await (
      await ann.api.tokens.$post({
        json: { kind: 'personal', label: 'p', value, providerUrl: `${hip.emulator.url}/v2/` },
      })
    ).json()
    const client = hip.emulator.registerClient({ groupId: hip.group.id, scopes: ['view_room'] })
    await ann.api.installations.$post({
      json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
    })
    await ann.api.webhooks.$post({ json: { url: 'http://127.0.0.1:9/hook' } })

    const newKey = randomBytes(32)
    const { rows } = await reencryptAll(
      t.db,
      createKeyring(newKey, [Buffer.from(oldKey, 'base64')]),
    )
    expect(rows).toBe(3)
    await t.close()

    // The boot canary moved with the data: only the new key, alone, opens the database now.
    const opening = (key: Buffer) => async () =>
      openDatabase({ ...t.deps.config, masterKey: key.toString('base64'), oldKeys: [] })
    await expect(opening(randomBytes(32))).rejects.toThrow(/cannot decrypt/)
    await expect(opening(Buffer.from(oldKey, 'base64'))).rejects.toThrow(/cannot decrypt/)
    await closeDatabase((await opening(newKey)()).db)

    const after = createTestApp({ ...env, TOKENDESK_MASTER_KEY: newKey.toString('base64') }, t.dir)
    const envelopes = await rawRows<{ e: string }>(
      after.db,
      sql`select access_token_enc as e from tokens union all select oauth_secret_enc from installations union all select secret_enc from webhooks`,
    )
    expect(envelopes).toHaveLength(3)
    expect(envelopes.map((r) => r.e.split('.')[1])).toEqual(
      envelopes.map(() => after.deps.keyring.currentId),
    )
    const again = await signedIn(after, 'ann@example.com')
    expect(
      await (
        await again.api.tokens[':id'].reveal.$post({ param: { id }, json: { purpose: 'reveal' } })
      ).json(),
    ).toEqual({ value })
    await after.destroy()
  })
})
