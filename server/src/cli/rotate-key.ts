import { randomBytes } from 'node:crypto'
import { existsSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { loadConfig } from '../env'
import { openDataDir } from '../lib/boot'
import { createKeyring } from '../lib/crypto/keyring'
import { KEY_FILE } from '../lib/crypto/master-key'
import { reencryptAll } from '../services/rotate-key'

/**
 * `pnpm --filter @tokendesk/server run rotate-key` (server stopped): makes a new master key and
 * re-encrypts every secret with it. With a key file, the file is replaced atomically; with
 * TOKENDESK_MASTER_KEY, the new key is printed for the operator to put in its place.
 */
const config = loadConfig()
const { db, keyring: old } = openDataDir(config)
const oldKey = Buffer.from(old.exportCurrent(), 'base64')
const next = randomBytes(32)
const keyring = createKeyring(next, [oldKey])
const { rows } = reencryptAll(db, keyring)
db.$client.close()
const file = join(config.dataDir, KEY_FILE)
if (!config.masterKey && existsSync(file)) {
  writeFileSync(`${file}.next`, `${next.toString('base64')}\n`, { mode: 0o600 })
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
