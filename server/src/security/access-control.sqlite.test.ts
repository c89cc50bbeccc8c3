import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { sqliteConnections } from '../db/client'
import { startTestEmulator } from '../test/emulator-fixture'
import { createTestApp, seedUser, type TestApp } from '../test/test-app'
import { plantSecretCanaries } from './secret-canaries'

let hip: Awaited<ReturnType<typeof startTestEmulator>>
let t: TestApp
beforeAll(async () => {
  hip = await startTestEmulator()
})
afterAll(() => hip.emulator.close())
beforeEach(async () => {
  t = createTestApp({ TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url })
  await seedUser(t, { email: 'ann@example.com' })
})
afterEach(() => t.destroy())

describe('secrets in the SQLite files', () => {
  it('leaves no canary in the database file, its WAL or the logs', async () => {
    const canaries = await plantSecretCanaries(t, hip)
    sqliteConnections(t.db)?.writer.pragma('wal_checkpoint(PASSIVE)')
    const files = readdirSync(t.dir).filter((f) => f.startsWith('tokendesk.db'))
    expect(files).toContain('tokendesk.db-wal')
    const haystacks = [
      ...files.map((f) => readFileSync(join(t.dir, f)).toString('latin1')),
      t.logLines.join('\n'),
    ]
    for (const canary of canaries) for (const h of haystacks) expect(h.includes(canary)).toBe(false)
  })
})
