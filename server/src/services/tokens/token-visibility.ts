import { and, eq, type Placeholder } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { tokenShares, tokens, users } from '../../db/schema'

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
