import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type Database from 'better-sqlite3'
import { sql } from 'drizzle-orm'
import { drizzle as drizzleSqlite } from 'drizzle-orm/better-sqlite3'
import { migrate as migrateSqlite } from 'drizzle-orm/better-sqlite3/migrator'
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres'
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator'
import { type Db, handleOf, migrationsFolder } from './client'
import { rawRows } from './raw'

/** Replicas starting together queue on this lock; the first applies, the rest find nothing to do. */
const MIGRATION_LOCK = 'select pg_advisory_lock(hashtext($1))'
const MIGRATION_UNLOCK = 'select pg_advisory_unlock(hashtext($1))'
const LOCK_NAME = 'tokendesk.migrations'

/**
 * Runs `work` while holding the migration lock (PostgreSQL) or the write lock (SQLite), so a
 * boot check and the migrations after it see one consistent database.
 */
export async function withMigrationLock<T>(db: Db, work: () => Promise<T>): Promise<T> {
  const h = handleOf(db)
  if (h.dialect === 'sqlite') return work()
  const client = await h.pool.connect()
  try {
    await client.query(MIGRATION_LOCK, [LOCK_NAME])
    try {
      return await work()
    } finally {
      await client.query(MIGRATION_UNLOCK, [LOCK_NAME])
    }
  } finally {
    client.release()
  }
}

/** Applies the committed drizzle-kit migrations of the database's dialect. Call under the lock. */
export async function applyMigrations(db: Db) {
  const h = handleOf(db)
  const migrationsFolderPath = migrationsFolder(h.dialect)
  if (h.dialect === 'sqlite') {
    migrateSqlite(h.writeDb as never, { migrationsFolder: migrationsFolderPath })
    return
  }
  const client = await h.pool.connect()
  try {
    await migratePg(drizzlePg(client), { migrationsFolder: migrationsFolderPath })
  } finally {
    client.release()
  }
}

/** Applies SQLite migrations on a connection that is not wrapped yet (boot, before the canary). */
export function migrateSqliteConnection(writer: Database.Database) {
  migrateSqlite(drizzleSqlite(writer), { migrationsFolder: migrationsFolder('sqlite') })
}

function journalLength(dialect: 'sqlite' | 'pg') {
  const journal = JSON.parse(
    readFileSync(join(migrationsFolder(dialect), 'meta', '_journal.json'), 'utf8'),
  ) as { entries: unknown[] }
  return journal.entries.length
}

/** How many committed migrations the database has not applied yet (0 when current). */
export async function pendingMigrations(db: Db): Promise<number> {
  const h = handleOf(db)
  const total = journalLength(h.dialect)
  if (h.dialect === 'sqlite') {
    const row = h.sqlite.reader
      .prepare(
        "select count(*) as n from sqlite_master where type='table' and name='__drizzle_migrations'",
      )
      .get() as { n: number }
    if (!row.n) return total
    const applied = h.sqlite.reader
      .prepare('select count(*) as n from __drizzle_migrations')
      .get() as {
      n: number
    }
    return total - applied.n
  }
  const [exists] = await rawRows<{ t: string | null }>(
    db,
    sql`select to_regclass('drizzle.__drizzle_migrations')::text as t`,
  )
  if (!exists?.t) return total
  const [applied] = await rawRows<{ n: number }>(
    db,
    sql`select count(*)::int as n from drizzle.__drizzle_migrations`,
  )
  return total - (applied?.n ?? 0)
}
