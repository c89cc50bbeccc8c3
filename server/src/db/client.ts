import { closeSync, existsSync, openSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { type BetterSQLite3Database, drizzle } from 'drizzle-orm/better-sqlite3'
import { migrate } from 'drizzle-orm/better-sqlite3/migrator'
import * as schema from './schema'

export type Db = BetterSQLite3Database<typeof schema> & { $client: Database.Database }

const REQUIRED_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL: a rotated refresh token must survive power loss
  foreign_keys: 1,
  busy_timeout: 5000,
} as const

/** The migrations folder sits beside `src/` in dev and beside `dist/` when bundled. */
function findMigrationsFolder() {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'drizzle')
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate
    dir = dirname(dir)
  }
  throw new Error('drizzle migrations folder not found')
}

/**
 * Creates the database file 0600 before SQLite opens it: SQLite gives the -wal and -shm files
 * the database file's mode, so they are private too, whatever the umask.
 */
function createPrivately(file: string) {
  if (file === ':memory:' || file.startsWith('file:')) return
  try {
    closeSync(openSync(file, 'wx', 0o600))
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err
  }
}

export function openSqlite(file: string) {
  createPrivately(file)
  const sqlite = new Database(file)
  sqlite.pragma('journal_mode = WAL')
  sqlite.pragma('synchronous = FULL')
  sqlite.pragma('foreign_keys = ON')
  sqlite.pragma('busy_timeout = 5000')
  sqlite.pragma('secure_delete = ON')
  return sqlite
}

export function checkPragmas(sqlite: Database.Database) {
  const actual = {
    journal_mode: sqlite.pragma('journal_mode', { simple: true }),
    synchronous: sqlite.pragma('synchronous', { simple: true }),
    foreign_keys: sqlite.pragma('foreign_keys', { simple: true }),
    busy_timeout: sqlite.pragma('busy_timeout', { simple: true }),
  }
  for (const [name, want] of Object.entries(REQUIRED_PRAGMAS)) {
    const got = actual[name as keyof typeof actual]
    if (got !== want) throw new Error(`SQLite pragma ${name} is ${String(got)}, expected ${want}`)
  }
  return actual
}

export function hasTable(sqlite: Database.Database, name: string) {
  return !!sqlite.prepare("select 1 from sqlite_master where type='table' and name=?").get(name)
}

export function createDb(sqlite: Database.Database): Db {
  return drizzle(sqlite, { schema }) as Db
}

export function migrateDb(db: Db) {
  migrate(db, { migrationsFolder: findMigrationsFolder() })
}

export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0]
/** Either the database or an open transaction: services that write inside a caller's txn take this. */
export type DbLike = Db | Tx
