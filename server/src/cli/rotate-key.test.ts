import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { describe, expect, it } from 'vitest'
import { closeDatabase } from '../db/client'
import { tokens } from '../db/schema'
import { openDatabase } from '../lib/boot'
import { KEY_FILE } from '../lib/crypto/master-key'
import { unseal } from '../services/tokens/token-secrets'
import { createTestApp, insertTokenRow, seedUser } from '../test/test-app'

const serverDir = join(import.meta.dirname, '..', '..')

/** The CLI as an operator runs it: its own process, configured only by the environment. */
function rotateKey(env: Record<string, string>) {
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/rotate-key.ts'], {
    cwd: serverDir,
    env: { NODE_ENV: 'test', LOG_LEVEL: 'silent', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let output = ''
  child.stdout.on('data', (d) => {
    output += d
  })
  child.stderr.on('data', (d) => {
    output += d
  })
  return new Promise<{ code: number | null; output: string }>((resolve) =>
    child.on('exit', (code) => resolve({ code, output })),
  )
}

// Real server processes: starting tsx can take many seconds on two busy cores.
describe('rotate-key CLI', { timeout: 180_000 }, () => {
  it('re-encrypts the configured database under a new key that alone opens it afterwards', async () => {
    const t = createTestApp()
    const { databaseUrl, masterKey } = t.deps.config
    const keyFile = join(t.dir, KEY_FILE)
    // SQLite keeps its key in the data dir; PostgreSQL requires it in the environment.
    const oldKey = masterKey ?? readFileSync(keyFile, 'utf8').trim()
    const ann = await seedUser(t, { email: 'ann@example.com' })
    const id = await insertTokenRow(t, ann.id, 'deploy', 'personal', null)
    await t.close()

    const run = await rotateKey({
      TOKENDESK_DATA_DIR: t.dir,
      ...(databaseUrl ? { TOKENDESK_DATABASE_URL: databaseUrl } : {}),
      ...(masterKey ? { TOKENDESK_MASTER_KEY: masterKey } : {}),
    })
    expect(run.output).toMatch(/Re-encrypted 1 secrets/)
    expect(run.code).toBe(0)
    const newKey = masterKey
      ? (run.output.trim().split('\n').at(-1) ?? '')
      : readFileSync(keyFile, 'utf8').trim()
    expect(Buffer.from(newKey, 'base64')).toHaveLength(32)
    expect(newKey).not.toBe(oldKey)
    if (!masterKey) expect(statSync(keyFile).mode & 0o777).toBe(0o600)

    const opening = (key: string) => async () =>
      openDatabase({ ...t.deps.config, masterKey: key, oldKeys: [] })
    await expect(opening(oldKey)).rejects.toThrow(/cannot decrypt/)
    await expect(opening(randomBytes(32).toString('base64'))).rejects.toThrow(/cannot decrypt/)
    await closeDatabase((await opening(newKey)()).db)

    const after = createTestApp({ TOKENDESK_MASTER_KEY: newKey }, t.dir)
    try {
      const [row] = await after.db.select().from(tokens).where(eq(tokens.id, id))
      expect(
        unseal(
          after.deps.keyring,
          { id, ownerId: ann.id },
          'access_token',
          row?.accessTokenEnc ?? '',
        ),
      ).toBe(`value-${id}`)
    } finally {
      await after.destroy()
    }
  })
})
