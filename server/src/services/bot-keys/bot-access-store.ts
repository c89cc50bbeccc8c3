import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { botKeys, botKeyTokens, tokens, users } from '../../db/schema'
import { selectTokensSeenBy } from '../tokens/token-visibility'

/**
 * The two lookups of every bot call, built and prepared once: rebuilding the SQL and
 * re-preparing the statement per request was most of the bot path's CPU time (BENCHMARKS.md #1).
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
  return {
    findKey: async (keyHash: string) => keyByHash.get({ keyHash }),
    findBoundToken: async (key: { id: string; ownerId: string }, tokenId: string) =>
      boundToken.get({ ownerId: key.ownerId, keyId: key.id, tokenId }),
  }
}
