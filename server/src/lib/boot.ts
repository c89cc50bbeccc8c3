import { chmodSync, mkdirSync, type Stats, statSync } from 'node:fs'
import { join } from 'node:path'
import { eq } from 'drizzle-orm'
import { checkPragmas, createDb, type Db, hasTable, migrateDb, openSqlite } from '../db/client'
import { meta } from '../db/schema'
import { type Config, ConfigError } from '../env'
import { createKeyring, DecryptError, type Keyring } from './crypto/keyring'
import { KEY_FILE, KeyError, loadMasterKey } from './crypto/master-key'

const CANARY = 'token-desk key check'
const CANARY_AAD = { table: 'meta', column: 'value', rowId: 'key_check', ownerId: '-' }

export const DB_FILE = 'tokendesk.db'

/** Every file Token Desk keeps in the data dir: the database, SQLite's side files, the key. */
const OWN_FILES = [DB_FILE, `${DB_FILE}-wal`, `${DB_FILE}-shm`, `${DB_FILE}-journal`, KEY_FILE]

/** The data dir is unsafe to use as it is; the message says why and how to fix it. */
export class DataDirError extends ConfigError {}

const octal = (mode: number) => `0${(mode & 0o777).toString(8)}`
const writableBy = (mode: number) =>
  mode & 0o020 && mode & 0o002 ? 'its group and everyone' : mode & 0o020 ? 'its group' : 'everyone'

function statOrNull(path: string): Stats | null {
  try {
    return statSync(path)
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw err
  }
}

function tighten(path: string, st: Stats, mode: number, fixed: string[]) {
  if ((st.mode & 0o777) === mode) return
  try {
    chmodSync(path, mode)
    fixed.push(`${path} ${octal(st.mode)} -> ${octal(mode)}`)
  } catch {
    throw new DataDirError(
      `Refusing to start: ${path} is readable by others (mode ${octal(st.mode)}) and could not be changed. Fix it with: chmod ${octal(mode).slice(1)} ${path}`,
    )
  }
}

/**
 * The data dir holds password hashes, sealed tokens and the key: 0700, its files 0600, whatever
 * the umask. A dir (or file) that others can write is refused, since its contents may have been
 * replaced; one that is merely readable is tightened. Returns what it tightened.
 */
export function secureDataDir(dir: string): string[] {
  if (process.platform === 'win32') {
    mkdirSync(dir, { recursive: true })
    return []
  }
  try {
    // Everything created from here on (SQLite's files, the key) is private to this user.
    process.umask(0o077)
  } catch {
    // Worker threads may not set the umask; the explicit modes below still apply.
  }
  mkdirSync(dir, { recursive: true, mode: 0o700 })
  const fixed: string[] = []
  const st = statSync(dir)
  if (!st.isDirectory()) throw new DataDirError(`The data dir ${dir} is not a directory`)
  if (st.mode & 0o022) {
    throw new DataDirError(
      `Refusing to start: the data dir ${dir} is writable by ${writableBy(st.mode)} (mode ${octal(st.mode)}), so its database or key could have been replaced. Fix it with: chmod 700 ${dir}`,
    )
  }
  tighten(dir, st, 0o700, fixed)
  for (const name of OWN_FILES) {
    const path = join(dir, name)
    const file = statOrNull(path)
    if (!file) continue
    if (file.mode & 0o022) {
      throw new DataDirError(
        `Refusing to start: ${path} is writable by ${writableBy(file.mode)} (mode ${octal(file.mode)}). Check it was not tampered with, then fix it with: chmod 600 ${path}`,
      )
    }
    tighten(path, file, 0o600, fixed)
  }
  return fixed
}

/**
 * Opens the data dir: database, pragmas, key, migrations, in an order that writes nothing when
 * the key cannot decrypt what is already stored.
 */
export function openDataDir(config: Pick<Config, 'dataDir' | 'masterKey' | 'oldKeys'>): {
  db: Db
  keyring: Keyring
  keySource: string
  /** Modes of our own files and dir that were tightened at this start. */
  tightened: string[]
} {
  const tightened = secureDataDir(config.dataDir)
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
    return { db, keyring, keySource: source, tightened }
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
