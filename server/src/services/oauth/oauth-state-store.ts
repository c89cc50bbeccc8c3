import { and, eq, isNull, lt } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { oauthStates } from '../../db/schema'
import { transaction } from '../../db/transaction'

export type OAuthStateRow = typeof oauthStates.$inferSelect

/** Stores a started authorization, sweeping the expired ones first. */
export async function saveState(db: Db, row: Omit<OAuthStateRow, 'usedAt'>, now: number) {
  await transaction(db, async (tx) => {
    await tx.delete(oauthStates).where(lt(oauthStates.expiresAt, now))
    await tx.insert(oauthStates).values(row)
  })
}

/**
 * Marks a state used and returns it, in one conditional UPDATE … RETURNING: of concurrent callers
 * on any number of processes exactly one gets the row (on PostgreSQL a loser's serializable
 * transaction is retried and then finds `used_at` set). Undefined when unknown or already used.
 */
export async function takeState(db: Db, stateHash: string, now: number) {
  const [row] = await transaction(db, (tx) =>
    tx
      .update(oauthStates)
      .set({ usedAt: now })
      .where(and(eq(oauthStates.stateHash, stateHash), isNull(oauthStates.usedAt)))
      .returning(),
  )
  return row
}
