import { closeSync, existsSync, openSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3'
import { drizzle as drizzlePg, type NodePgDatabase } from 'drizzle-orm/node-postgres'
import pg from 'pg'
import { DATABASE_DIALECT } from '../env'
import * as pgSchema from './schema-pg'
import * as sqliteSchema from './schema-sqlite'

/**
 * The database handle services receive. On PostgreSQL it is drizzle over a pool; on SQLite it is
 * drizzle over a read-only connection (writes go through `transaction`, on a second connection,
 * one at a time), so both dialects give services the same rules: every query is awaited, and
 * every write happens inside `transaction`.
 */
export type PgDatabase = NodePgDatabase<typeof pgSchema>
/**
 * `transaction` is left out on purpose: SQLite's drizzle transaction is synchronous, so services
 * call `transaction()` from `./transaction` instead. `execute` and `$client` exist on one dialect
 * only (see `./raw` for SQL both speak).
 */
export type Db = Omit<PgDatabase, 'transaction' | 'execute' | '$client'>
export type Tx = Omit<
  Parameters<Parameters<PgDatabase['transaction']>[0]>[0],
  'transaction' | 'execute' | 'rollback'
>
/** Either the database or an open transaction: services that write inside a caller's txn take this. */
export type DbLike = Db | Tx

export type SqliteConnections = { reader: Database.Database; writer: Database.Database }

export type Handle =
  | {
      dialect: 'sqlite'
      sqlite: SqliteConnections
      writeDb: Tx
      /** The database file: handles on one file in one process share one write queue. */
      file: string
      close(): Promise<void>
    }
  | {
      dialect: 'pg'
      pool: pg.Pool
      /** Made on first use by `pgLossyPool`, closed with the database. */
      lossy?: pg.Pool
      close(): Promise<void>
    }

const handles = new WeakMap<object, Handle>()

export function handleOf(db: DbLike): Handle {
  const h = handles.get(db)
  if (!h) throw new Error('not a Token Desk database handle (open it with openDatabase)')
  return h
}

/** The dialect of a handle or of an open transaction (whose objects are made per transaction). */
export const dialectOf = (db: DbLike): 'sqlite' | 'pg' =>
  handles.get(db)?.dialect ?? DATABASE_DIALECT

/** The raw SQLite connections, for the few hot paths that run prepared statements; null on PostgreSQL. */
export function sqliteConnections(db: DbLike): SqliteConnections | null {
  const h = handles.get(db)
  return h?.dialect === 'sqlite' ? h.sqlite : null
}

export function pgPool(db: DbLike): pg.Pool | null {
  const h = handles.get(db)
  return h?.dialect === 'pg' ? h.pool : null
}

/**
 * A small pool whose commits do not wait for the WAL flush (`synchronous_commit = off`), for state
 * whose last fraction of a second may be lost if PostgreSQL itself crashes without harm: the bot
 * rate-limit buckets (a lost take lets one more request through). Never for tokens or anything a
 * caller is told is stored. Null on SQLite.
 */
export function pgLossyPool(db: DbLike): pg.Pool | null {
  const h = handles.get(db)
  if (h?.dialect !== 'pg') return null
  if (!h.lossy) {
    h.lossy = new pg.Pool({
      ...h.pool.options,
      max: Math.max(2, Math.ceil(h.pool.options.max / 2)),
      application_name: 'tokendesk-lossy',
      options: '-c synchronous_commit=off',
    })
    h.lossy.on('error', () => {})
  }
  return h.lossy
}

export function closeDatabase(db: Db) {
  return handleOf(db).close()
}

const REQUIRED_PRAGMAS = {
  journal_mode: 'wal',
  synchronous: 2, // FULL: a rotated refresh token must survive power loss
  foreign_keys: 1,
  busy_timeout: 5000,
} as const

/** The migrations folder of a dialect sits beside `src/` in dev and beside `dist/` when bundled. */
export function migrationsFolder(dialect: 'sqlite' | 'pg') {
  let dir = dirname(fileURLToPath(import.meta.url))
  for (let i = 0; i < 5; i++) {
    const candidate = join(dir, 'drizzle', dialect)
    if (existsSync(join(candidate, 'meta', '_journal.json'))) return candidate
    dir = dirname(dir)
  }
  throw new Error(`drizzle migrations folder for ${dialect} not found`)
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

/** Wraps an opened SQLite writer: a second, read-only connection serves everything outside transactions. */
export function sqliteDb(writer: Database.Database, file: string): Db {
  const reader = new Database(file)
  reader.pragma('busy_timeout = 5000')
  reader.pragma('foreign_keys = ON')
  // A write outside `transaction` fails loudly instead of slipping past the write lock.
  reader.pragma('query_only = ON')
  const db = drizzleSqlite(reader, { schema: sqliteSchema })
  const writeDb = drizzleSqlite(writer, { schema: sqliteSchema })
  handles.set(db, {
    dialect: 'sqlite',
    sqlite: { reader, writer },
    writeDb: writeDb as unknown as Tx,
    file: resolve(file),
    async close() {
      reader.close()
      writer.close()
    },
  })
  return db as unknown as Db
}

export type PgOptions = { url: string; poolSize?: number; applicationName?: string }

// int8 (counts, sums) as numbers: every bigint we store is a millisecond time or a small id.
pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v))

/** A pool on the URL; TLS comes from the URL itself (`sslmode`, `sslrootcert`, …, as node-postgres reads them). */
export function pgDb(opts: PgOptions): Db {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.poolSize ?? 10,
    application_name: opts.applicationName ?? 'tokendesk',
    connectionTimeoutMillis: 5000,
  })
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {})
  const db = drizzlePg(pool, { schema: pgSchema })
  handles.set(db, {
    dialect: 'pg',
    pool,
    async close() {
      const lossy = (handleOf(db) as { lossy?: pg.Pool }).lossy
      await Promise.all([pool.end(), lossy?.end()])
    },
  })
  return db
}
