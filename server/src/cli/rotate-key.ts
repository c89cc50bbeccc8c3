import { randomBytes } from 'node:crypto'
import { existsSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { closeDatabase } from '../db/client'
import { ConfigError, loadConfig } from '../env'
import { openDatabase } from '../lib/boot'
import { createKeyring } from '../lib/crypto/keyring'
import { KEY_FILE, KeyError } from '../lib/crypto/master-key'
import { reencryptAll } from '../services/rotate-key'

/**
 * `pnpm --filter @tokendesk/server run rotate-key` (every server stopped): makes a new master key
 * and re-encrypts every secret with it, in one transaction. With a key file (SQLite), the file is
 * replaced atomically after the commit; with TOKENDESK_MASTER_KEY (always so on PostgreSQL), the
 * new key is printed for the operator to put in its place on every replica.
 */
async function main() {
  const config = loadConfig()
  const { db, keyring: old } = await openDatabase(config)
  const next = randomBytes(32)
  const keyring = createKeyring(next, [Buffer.from(old.exportCurrent(), 'base64')])
  const file = join(config.dataDir, KEY_FILE)
  const keyFile = !config.databaseUrl && !config.masterKey && existsSync(file)
  // Written before the commit: a crash between the commit and the rename leaves the new key on disk.
  if (keyFile) writeFileSync(`${file}.next`, `${next.toString('base64')}\n`, { mode: 0o600 })
  let rows: number
  try {
    rows = (await reencryptAll(db, keyring)).rows
  } catch (err) {
    if (keyFile) rmSync(`${file}.next`, { force: true })
    throw err
  } finally {
    await closeDatabase(db)
  }
  if (keyFile) {
    renameSync(`${file}.next`, file)
    console.warn(
      `Re-encrypted ${rows} secrets; ${file} now holds the new key (id ${keyring.currentId}).`,
    )
  } else {
    console.warn(
      `Re-encrypted ${rows} secrets under key ${keyring.currentId}. Set TOKENDESK_MASTER_KEY to:`,
    )
    console.warn(next.toString('base64'))
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError || err instanceof KeyError ? err.message : err)
  process.exit(err instanceof ConfigError || err instanceof KeyError ? 78 : 1)
})
