import type { SQL } from 'drizzle-orm'
import { type DbLike, dialectOf, type PgDatabase } from './client'

type SqliteRunner = { all<T>(query: SQL): T[] }

/**
 * Rows of a hand-written query both dialects understand. Most code should use the query builder;
 * this is for the few queries it cannot express.
 */
export async function rawRows<T>(db: DbLike, query: SQL): Promise<T[]> {
  if (dialectOf(db) === 'sqlite') return (db as unknown as SqliteRunner).all<T>(query)
  const result = await (db as unknown as PgDatabase).execute(query)
  return result.rows as T[]
}
