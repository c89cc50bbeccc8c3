import { and, eq, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { botKeys, botKeyTokens, tokenShares, tokens, users } from '../../db/schema'

/**
 * The bot call's lookups on PostgreSQL, in one round trip: the key with its owner's state, and
 * the token only if the key is bound to it, with the key owner's share of it (null columns when
 * it is not bound). Nothing is cached: no replica can tell cheaply that another one wrote (see
 * tokens/db-changes), so every call reads rows current as of its start. A named prepared
 * statement, parsed once per pooled connection.
 */
export function prepareBotAccessPg(db: Db) {
  const lookup = db
    .select({
      key: botKeys,
      ownerDisabled: users.disabled,
      row: tokens,
      share: tokenShares.access,
    })
    .from(botKeys)
    .innerJoin(users, eq(users.id, botKeys.ownerId))
    .leftJoin(
      botKeyTokens,
      and(eq(botKeyTokens.keyId, botKeys.id), eq(botKeyTokens.tokenId, sql.placeholder('tokenId'))),
    )
    .leftJoin(tokens, eq(tokens.id, botKeyTokens.tokenId))
    .leftJoin(
      tokenShares,
      and(eq(tokenShares.tokenId, tokens.id), eq(tokenShares.userId, botKeys.ownerId)),
    )
    .where(eq(botKeys.keyHash, sql.placeholder('keyHash')))
    .limit(1)
    .prepare('tokendesk_bot_access')

  return async (keyHash: string, tokenId: string) => {
    const [found] = await lookup.execute({ keyHash, tokenId })
    return found
  }
}
