import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { sql } from 'drizzle-orm'
import { dialectOf, sqliteConnections } from '../db/client'
import { rawRows } from '../db/raw'
import type { TestApp } from '../test/test-app'

/**
 * Everything the database holds, as text to search for secrets, keyed by where it was found.
 * SQLite: the raw bytes of the database file and its WAL, before and after a checkpoint (so
 * deleted or overwritten pages count too). PostgreSQL, whose files live on the server: every
 * row of every table.
 */
export async function storedText(t: TestApp): Promise<Record<string, string>> {
  const places: Record<string, string> = {}
  const sqlite = sqliteConnections(t.db)
  if (dialectOf(t.db) === 'sqlite' && sqlite) {
    const files = () =>
      readdirSync(t.dir)
        .filter((f) => f.startsWith('tokendesk.db'))
        .map((f) => [f, readFileSync(join(t.dir, f)).toString('latin1')] as const)
    for (const [f, bytes] of files()) places[`${f} (before checkpoint)`] = bytes
    sqlite.writer.pragma('wal_checkpoint(PASSIVE)')
    for (const [f, bytes] of files()) places[f] = bytes
    return places
  }
  const tables = await rawRows<{ name: string }>(
    t.db,
    sql`select table_name as name from information_schema.tables
        where table_schema = current_schema() and table_type = 'BASE TABLE'`,
  )
  for (const { name } of tables) {
    const rows = await rawRows<{ r: string }>(
      t.db,
      sql`select row_to_json(x)::text as r from ${sql.identifier(name)} x`,
    )
    places[`table ${name}`] = rows.map((row) => row.r).join('\n')
  }
  return places
}

/** Rows of a query both dialects run, as JSON text to search. */
export async function rowsText(t: TestApp, query: string) {
  return JSON.stringify(await rawRows(t.db, sql.raw(query)))
}
