import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { botKeys, botKeyTokens, tokens, users } from '../../db/schema'
import { selectTokensSeenBy } from '../tokens/token-visibility'

/** Entries per map before it is emptied; bounds memory against many keys or tokens. */
const MAX_ENTRIES = 10_000

/**
 * The two lookups of every bot call, prepared once (rebuilding the SQL per request was most of
 * the bot path's CPU time, BENCHMARKS.md #1), and what they found, cached until the database
 * changes.
 *
 * The cache holds rows, never decisions: the caller runs the policy on them every time, so a key
 * that expires by the clock stops at once. It is emptied whenever anything was written since it
 * was filled, which `changeStamp` reads in one statement at the start of each request:
 * - `total_changes()`: rows this connection has inserted, updated or deleted, so the server's
 *   own revokes, disables, share changes and token writes count from the statement that made them;
 * - `data_version`: changes whenever another connection (another process, the key rotation
 *   command) commits.
 * So a change is seen by the first request after it commits, never later; no TTL is involved.
 */
export function prepareBotAccess(db: Db) {
  // The key comes with its owner's state, so a disabled owner's keys stop at once.
  const keyByHash = db
    .select({ key: botKeys, ownerDisabled: users.disabled })
    .from(botKeys)
    .innerJoin(users, eq(users.id, botKeys.ownerId))
    .where(eq(botKeys.keyHash, sql.placeholder('keyHash')))
    .prepare()
  // The token as the key's owner sees it, only if the key is bound to it.
  const boundToken = selectTokensSeenBy(db, sql.placeholder('ownerId'))
    .innerJoin(
      botKeyTokens,
      and(eq(botKeyTokens.tokenId, tokens.id), eq(botKeyTokens.keyId, sql.placeholder('keyId'))),
    )
    .where(eq(tokens.id, sql.placeholder('tokenId')))
    .prepare()
  const changeStamp = db.$client
    .prepare('select total_changes(), data_version from pragma_data_version')
    .raw()

  type Key = NonNullable<ReturnType<typeof keyByHash.get>>
  type Bound = NonNullable<ReturnType<typeof boundToken.get>>
  const keys = new Map<string, Key>()
  const bound = new Map<string, Bound>()
  let changes = -1
  let version = -1
  const stats = { hits: 0, misses: 0, resets: 0 }

  const remember = <V>(map: Map<string, V>, k: string, v: V) => {
    if (map.size >= MAX_ENTRIES) map.clear()
    map.set(k, v)
  }

  return {
    /** Call once per request before the lookups: empties the cache if anything was written. */
    revalidate() {
      const [c, v] = changeStamp.get() as [number, number]
      if (c === changes && v === version) return
      changes = c
      version = v
      keys.clear()
      bound.clear()
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
    /** Lookups answered from the cache and from the database, and how often it was emptied. */
    stats: () => ({ ...stats }),
  }
}

export type BotAccessStore = ReturnType<typeof prepareBotAccess>
