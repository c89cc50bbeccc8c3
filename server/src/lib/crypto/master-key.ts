import { randomBytes } from 'node:crypto'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

export const KEY_FILE = 'master.key'

export class KeyError extends Error {}

/**
 * The master key comes from TOKENDESK_MASTER_KEY or the key file in the data dir. The file is
 * created (mode 0600) only when `mayCreate` says no encrypted data exists yet: inventing a new
 * key next to existing data would make it unreadable.
 */
export function loadMasterKey(opts: {
  envKey: string | undefined
  dataDir: string
  mayCreate: boolean
}) {
  if (opts.envKey)
    return { key: Buffer.from(opts.envKey, 'base64'), source: 'TOKENDESK_MASTER_KEY' }
  const path = join(opts.dataDir, KEY_FILE)
  if (existsSync(path)) {
    const key = Buffer.from(readFileSync(path, 'utf8').trim(), 'base64')
    if (key.length !== 32) throw new KeyError(`${path} does not hold a base64 32-byte key`)
    return { key, source: path }
  }
  if (!opts.mayCreate) {
    throw new KeyError(
      `No encryption key: the database in ${opts.dataDir} holds encrypted data but ${path} is missing and TOKENDESK_MASTER_KEY is not set. Refusing to start.`,
    )
  }
  const key = randomBytes(32)
  writeFileSync(path, `${key.toString('base64')}\n`, { mode: 0o600, flag: 'wx' })
  return { key, source: path }
}
