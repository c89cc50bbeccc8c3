import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { checkPragmas, createDb, type Db, hasTable, migrateDb, openSqlite } from '../db/client'
import { meta } from '../db/schema'
import type { Config } from '../env'
import { createKeyring, DecryptError, type Keyring } from './crypto/keyring'
import { KeyError, loadMasterKey } from './crypto/master-key'

const CANARY = 'token-desk key check'
const CANARY_AAD = { table: 'meta', column: 'value', rowId: 'key_check', ownerId: '-' }

export const DB_FILE = 'tokendesk.db'

/**
 * Opens the data dir: database, pragmas, key, migrations, in an order that writes nothing when
 * the key cannot decrypt what is already stored.
 */
export function openDataDir(config: Pick<Config, 'dataDir' | 'masterKey' | 'oldKeys'>): {
  db: Db
  keyring: Keyring
  keySource: string
} {
  mkdirSync(config.dataDir, { recursive: true })
  const sqlite = openSqlite(join(config.dataDir, DB_FILE))
  try {
    checkPragmas(sqlite)
    const existing = hasTable(sqlite, 'meta')
      ? (sqlite.prepare("select value from meta where key='key_check'").get() as
          | { value: string }
          | undefined)
      : undefined
    const { key, source } = loadMasterKey({
      envKey: config.masterKey,
      dataDir: config.dataDir,
      mayCreate: !existing,
    })
    const keyring = createKeyring(
      key,
      config.oldKeys.map((k) => Buffer.from(k, 'base64')),
    )
    if (existing) {
      try {
        keyring.decrypt(existing.value, CANARY_AAD)
      } catch (err) {
        if (err instanceof DecryptError) {
          throw new KeyError(
            `The encryption key from ${source} cannot decrypt the existing data in ${config.dataDir}. Refusing to start; nothing was written.`,
          )
        }
        throw err
      }
    }
    const db = createDb(sqlite)
    migrateDb(db)
    if (!existing) {
      db.insert(meta)
        .values({ key: 'key_check', value: keyring.encrypt(CANARY, CANARY_AAD) })
        .run()
    }
    return { db, keyring, keySource: source }
  } catch (err) {
    sqlite.close()
    throw err
  }
}

/** Re-encrypts the boot canary under the current key (used by key rotation). */
export function rewriteKeyCheck(db: Db, keyring: Keyring) {
  db.update(meta)
    .set({ value: keyring.encrypt(CANARY, CANARY_AAD) })
    .where(eq(meta.key, 'key_check'))
    .run()
}
