import { createHash } from 'node:crypto'
import { and, eq, getTableColumns, is, Placeholder } from 'drizzle-orm'
import { type Db, pgPool, sqliteConnections } from '../../db/client'
import { tokenShares, tokens, users } from '../../db/schema'
import type { TokenRow } from './token-view'

/**
 * The one "tokens as this person sees them" query: each token with its owner's name and email
 * and the person's share, if any. Whether that makes the token visible, and what the person may
 * do with it, is the policy's call (authz/policy `relationOf`). Callers add their own `where`
 * (one id, a page of a list, a bot key's bindings) and may prepare it with `userId` as a
 * placeholder.
 */
export function selectTokensSeenBy(db: Db, userId: string | Placeholder) {
  return db
    .select({
      row: tokens,
      ownerName: users.name,
      ownerEmail: users.email,
      share: tokenShares.access,
    })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.ownerId))
    .leftJoin(tokenShares, and(eq(tokenShares.tokenId, tokens.id), eq(tokenShares.userId, userId)))
}

export type SeenToken = {
  row: TokenRow
  ownerName: string
  ownerEmail: string
  share: 'view' | 'use' | null
}

/** The same query's columns as one flat list, in a fixed order: the token's, then the rest. */
const TOKEN_COLUMNS = Object.entries(getTableColumns(tokens))
const FLAT = Object.fromEntries([
  ...TOKEN_COLUMNS.map(([, column], i) => [`t${i}`, column] as const),
  ['ownerName', users.name],
  ['ownerEmail', users.email],
  ['share', tokenShares.access],
])

/**
 * `selectTokensSeenBy` for many rows: run it with `prepareFlat` and map each row with
 * `seenToken`. Drizzle's own mapping of the nested selection looks every column's kind up again
 * for every row, which was a sixth of the token list's CPU (BENCHMARKS.md #2).
 */
export function selectTokensSeenByFlat(db: Db, userId: string | Placeholder) {
  return db
    .select(FLAT)
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.ownerId))
    .leftJoin(tokenShares, and(eq(tokenShares.tokenId, tokens.id), eq(tokenShares.userId, userId)))
}

export function seenToken(values: unknown[]): SeenToken {
  const row: Record<string, unknown> = {}
  for (let i = 0; i < TOKEN_COLUMNS.length; i++) {
    const [name, column] = TOKEN_COLUMNS[i] as (typeof TOKEN_COLUMNS)[number]
    const v = values[i]
    row[name] = v === null ? null : column.mapFromDriverValue(v)
  }
  const n = TOKEN_COLUMNS.length
  return {
    row: row as TokenRow,
    ownerName: values[n] as string,
    ownerEmail: values[n + 1] as string,
    share: values[n + 2] as SeenToken['share'],
  }
}

export type FlatQuery = { sql: string; params: unknown[] }
export type FlatRows = (values: Record<string, unknown>) => Promise<unknown[][]>

/**
 * Prepares the SQL of a flat query (from `.toSQL()`) to run as rows of values, placeholders
 * filled from `values` by name. On SQLite it is a statement of the read-only connection; on
 * PostgreSQL a named statement, which each pooled connection parses and plans once.
 */
export function prepareFlat(db: Db, query: FlatQuery): FlatRows {
  const bind = (values: Record<string, unknown>) =>
    query.params.map((p) => (is(p, Placeholder) ? values[p.name] : p))
  const sqlite = sqliteConnections(db)
  if (sqlite) {
    const stmt = sqlite.reader.prepare(query.sql).raw()
    return async (values) => stmt.all(...bind(values)) as unknown[][]
  }
  const pool = pgPool(db)
  if (!pool) throw new Error('not a Token Desk database handle')
  // One name per text: node-postgres refuses a name reused for other SQL on a connection.
  const name = `td_flat_${createHash('sha256').update(query.sql).digest('hex').slice(0, 32)}`
  return async (values) => {
    const res = await pool.query<unknown[]>({
      name,
      text: query.sql,
      values: bind(values),
      rowMode: 'array',
    })
    return res.rows
  }
}
