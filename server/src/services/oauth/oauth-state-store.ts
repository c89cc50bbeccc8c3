import { and, eq, isNull, lt } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { oauthStates } from '../../db/schema'

export type OAuthStateRow = typeof oauthStates.$inferSelect

/** Stores a started authorization, sweeping the expired ones first. */
export async function saveState(db: Db, row: Omit<OAuthStateRow, 'usedAt'>, now: number) {
  db.delete(oauthStates).where(lt(oauthStates.expiresAt, now)).run()
  db.insert(oauthStates).values(row).run()
}

/**
 * Marks a state used and returns it, in one conditional UPDATE: of concurrent callers exactly
 * one gets the row. Undefined when it is unknown or already used.
 */
export async function takeState(db: Db, stateHash: string, now: number) {
  return db
    .update(oauthStates)
    .set({ usedAt: now })
    .where(and(eq(oauthStates.stateHash, stateHash), isNull(oauthStates.usedAt)))
    .returning()
    .get()
}
