import { chmodSync, mkdirSync, type Stats, statSync } from 'node:fs'
import { join } from 'node:path'
import { eq, sql } from 'drizzle-orm'
import {
  checkPragmas,
  closeDatabase,
  type Db,
  type DbLike,
  openSqlite,
  pgDb,
  sqliteDb,
} from '../db/client'
import { applyMigrations, migrateSqliteConnection, withMigrationLock } from '../db/migrate'
import { rawRows } from '../db/raw'
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

async function readCanary(db: DbLike) {
  const row = await db.select({ value: meta.value }).from(meta).where(eq(meta.key, 'key_check'))
  return row[0]?.value
}

function verifyCanary(keyring: Keyring, sealed: string, source: string, where: string) {
  try {
    keyring.decrypt(sealed, CANARY_AAD)
  } catch (err) {
    if (err instanceof DecryptError) {
      throw new KeyError(
        `The encryption key from ${source} cannot decrypt the existing data in ${where}. Refusing to start; nothing was written.`,
      )
    }
    throw err
  }
}

function keyringOf(key: Buffer, config: Pick<Config, 'oldKeys'>) {
  return createKeyring(
    key,
    config.oldKeys.map((k) => Buffer.from(k, 'base64')),
  )
}

/**
 * Opens the SQLite data dir: database, pragmas, key, migrations, in an order that writes nothing
 * when the key cannot decrypt what is already stored. Synchronous, so tests can open one inline.
 */
export function openSqliteDataDir(config: Pick<Config, 'dataDir' | 'masterKey' | 'oldKeys'>): {
  db: Db
  keyring: Keyring
  keySource: string
  /** Modes of our own files and dir that were tightened at this start. */
  tightened: string[]
} {
  const tightened = secureDataDir(config.dataDir)
  const file = join(config.dataDir, DB_FILE)
  const writer = openSqlite(file)
  try {
    checkPragmas(writer)
    const hasMeta = !!writer
      .prepare("select 1 from sqlite_master where type='table' and name='meta'")
      .get()
    const existing = hasMeta
      ? (writer.prepare("select value from meta where key='key_check'").get() as
          | { value: string }
          | undefined)
      : undefined
    const { key, source } = loadMasterKey({
      envKey: config.masterKey,
      dataDir: config.dataDir,
      mayCreate: !existing,
    })
    const keyring = keyringOf(key, config)
    if (existing) verifyCanary(keyring, existing.value, source, config.dataDir)
    migrateSqliteConnection(writer)
    if (!existing) {
      writer
        .prepare("insert into meta (key, value) values ('key_check', ?)")
        .run(keyring.encrypt(CANARY, CANARY_AAD))
    }
    return { db: sqliteDb(writer, file), keyring, keySource: source, tightened }
  } catch (err) {
    writer.close()
    throw err
  }
}

/**
 * Opens PostgreSQL: under the migration lock, checks the key against the stored canary before
 * migrating anything, applies migrations, and writes the canary on a fresh database. Replicas
 * starting together take turns; a replica with the wrong key stops before it writes.
 */
export async function openPgDatabase(
  config: Pick<Config, 'databaseUrl' | 'databasePoolSize' | 'masterKey' | 'oldKeys'>,
  db: Db = pgDb({ url: config.databaseUrl ?? '', poolSize: config.databasePoolSize }),
) {
  if (!config.masterKey) throw new ConfigError('TOKENDESK_MASTER_KEY is required with PostgreSQL')
  try {
    const { key, source } = loadMasterKey({
      envKey: config.masterKey,
      dataDir: '',
      mayCreate: false,
    })
    const keyring = keyringOf(key, config)
    await withMigrationLock(db, async () => {
      const [hasMeta] = await rawRows<{ t: string | null }>(
        db,
        sql`select to_regclass('public.meta')::text as t`,
      )
      const existing = hasMeta?.t ? await readCanary(db) : undefined
      if (existing) {
        verifyCanary(keyring, existing, source, 'the database')
        refuseOldKeyCanary(keyring, existing)
      }
      await applyMigrations(db)
      if (!existing) {
        await db
          .insert(meta)
          .values({ key: 'key_check', value: keyring.encrypt(CANARY, CANARY_AAD) })
          .onConflictDoNothing()
      }
    })
    return { db, keyring, keySource: source, tightened: [] as string[] }
  } catch (err) {
    await closeDatabase(db)
    throw err
  }
}

/**
 * Replicas share one database, and each reads only the keys it was given: a replica whose
 * primary key is new while the data is still under an old one (listed in TOKENDESK_OLD_KEYS)
 * would seal secrets the others cannot open. Rotation is `npm run rotate-key` with every replica
 * stopped; it moves the canary to the new key, and only then may replicas start with it.
 */
function refuseOldKeyCanary(keyring: Keyring, sealed: string) {
  if (sealed.split('.')[1] === keyring.currentId) return
  throw new KeyError(
    'The database is sealed under one of TOKENDESK_OLD_KEYS, not under TOKENDESK_MASTER_KEY. Replicas must share one key: stop every replica, run `npm run rotate-key` once, then start them all with the new key. Refusing to start; nothing was written.',
  )
}

/** The database the configuration names, opened and checked. */
export function openDatabase(
  config: Pick<Config, 'dataDir' | 'databaseUrl' | 'databasePoolSize' | 'masterKey' | 'oldKeys'>,
) {
  return config.databaseUrl ? openPgDatabase(config) : Promise.resolve(openSqliteDataDir(config))
}

/** Re-encrypts the boot canary under the current key (used by key rotation, inside its txn). */
export async function rewriteKeyCheck(tx: DbLike, keyring: Keyring) {
  await tx
    .update(meta)
    .set({ value: keyring.encrypt(CANARY, CANARY_AAD) })
    .where(eq(meta.key, 'key_check'))
}
