import { and, eq, sql } from 'drizzle-orm'
import { type Db, sqliteConnections } from '../../db/client'
import { botKeys, botKeyTokens, tokens, users } from '../../db/schema'
import { watchChanges } from '../tokens/db-changes'
import { selectTokensSeenBy } from '../tokens/token-visibility'

/** Entries per map before it is emptied; bounds memory against many keys or tokens. */
const MAX_ENTRIES = 10_000

/** drizzle's synchronous prepared statement, as SQLite's driver gives it. */
type SqlitePrepared<T> = { get(params: Record<string, unknown>): T | undefined }

/**
 * Prepares a builder query on SQLite. The query is typed as PostgreSQL's (see db/client `Db`),
 * but on SQLite `db` is drizzle over better-sqlite3's reader connection, whose `prepare()` gives
 * a statement answered synchronously.
 */
function prepareOnSqlite<T>(query: PromiseLike<T[]>): SqlitePrepared<T> {
  return (query as unknown as { prepare(): SqlitePrepared<T> }).prepare()
}

/**
 * SQLite only (PostgreSQL has its own path, bot-access-pg). The two lookups of every bot call,
 * prepared once (rebuilding the SQL per request was most of the bot path's CPU time,
 * BENCHMARKS.md #1), and what they found, cached until the database changes.
 *
 * The cache holds rows, never decisions: the caller runs the policy on them every time, so a key
 * that expires by the clock stops at once. Beside a bound token's row it keeps the row's value
 * once decrypted (AES-GCM set-up was a tenth of the path's CPU), handed out only after that
 * policy check. `revalidate`, once at the start of each request, empties all of it if anything
 * at all was written since it was filled (tokens/db-changes): a revocation, a disable or a share
 * change is seen by the first request after it commits, whichever process made it.
 */
export function prepareBotAccess(db: Db) {
  if (!sqliteConnections(db)) throw new Error('prepareBotAccess is for SQLite databases')
  // The key comes with its owner's state, so a disabled owner's keys stop at once.
  const keyByHash = prepareOnSqlite(
    db
      .select({ key: botKeys, ownerDisabled: users.disabled })
      .from(botKeys)
      .innerJoin(users, eq(users.id, botKeys.ownerId))
      .where(eq(botKeys.keyHash, sql.placeholder('keyHash'))),
  )
  // The token as the key's owner sees it, only if the key is bound to it.
  const boundToken = prepareOnSqlite(
    selectTokensSeenBy(db, sql.placeholder('ownerId'))
      .innerJoin(
        botKeyTokens,
        and(eq(botKeyTokens.tokenId, tokens.id), eq(botKeyTokens.keyId, sql.placeholder('keyId'))),
      )
      .where(eq(tokens.id, sql.placeholder('tokenId'))),
  )
  // On SQLite the reader's `data_version` moves with every commit, ours or another process's.
  const changed = watchChanges(db)

  type Key = NonNullable<ReturnType<typeof keyByHash.get>>
  type Bound = NonNullable<ReturnType<typeof boundToken.get>>
  const keys = new Map<string, Key>()
  const bound = new Map<string, Bound>()
  const values = new Map<
    string,
    { envelope: string; rowId: string; ownerId: string; value: string }
  >()
  const stats = { hits: 0, misses: 0, resets: 0 }

  const remember = <V>(map: Map<string, V>, k: string, v: V) => {
    if (map.size >= MAX_ENTRIES) map.clear()
    map.set(k, v)
  }

  return {
    /** Call once per request before the lookups: empties the cache if anything was written. */
    revalidate() {
      if (!changed()) return
      keys.clear()
      bound.clear()
      values.clear()
      stats.resets++
    },
    findKey(keyHash: string): Key | undefined {
      const hit = keys.get(keyHash)
      if (hit) {
        stats.hits++
        return hit
      }
      stats.misses++
      const found = keyByHash.get({ keyHash })
      if (found) remember(keys, keyHash, found)
      return found
    },
    findBoundToken(key: { id: string; ownerId: string }, tokenId: string): Bound | undefined {
      const k = `${key.id}\0${tokenId}`
      const hit = bound.get(k)
      if (hit) {
        stats.hits++
        return hit
      }
      stats.misses++
      const found = boundToken.get({ ownerId: key.ownerId, keyId: key.id, tokenId })
      if (found) remember(bound, k, found)
      return found
    },
    /**
     * The plaintext of `envelope` for this key and token, from `decrypt` the first time. Call it
     * only once the policy allowed the key this token; the ciphertext and what it is bound to
     * (row and owner) must match, or it decrypts again.
     */
    valueOf(
      key: { id: string },
      row: { id: string; ownerId: string },
      envelope: string,
      decrypt: () => string,
    ) {
      const k = `${key.id}\0${row.id}`
      const hit = values.get(k)
      if (hit && hit.envelope === envelope && hit.rowId === row.id && hit.ownerId === row.ownerId)
        return hit.value
      const value = decrypt()
      remember(values, k, { envelope, rowId: row.id, ownerId: row.ownerId, value })
      return value
    },
    /** Lookups answered from the cache and from the database, and how often it was emptied. */
    stats: () => ({ ...stats }),
  }
}

export type BotAccessStore = ReturnType<typeof prepareBotAccess>
