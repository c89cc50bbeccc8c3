import { and, asc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { tokenShares, users } from '../../db/schema'
import { transaction } from '../../db/transaction'
import { type AuditInput, recordAudit } from '../audit'

/** A token's shares with the sharee's email and name, by email. */
export async function listShares(db: Db, tokenId: string) {
  return db
    .select({ share: tokenShares, email: users.email, name: users.name })
    .from(tokenShares)
    .innerJoin(users, eq(users.id, tokenShares.userId))
    .where(eq(tokenShares.tokenId, tokenId))
    .orderBy(asc(users.email))
}

/** Adds a share, or changes its access if the person already has one. */
export async function upsertShare(
  db: Db,
  share: {
    tokenId: string
    userId: string
    access: 'view' | 'use'
    createdAt: number
    createdBy: string
  },
  audit: AuditInput,
) {
  await transaction(db, async (tx) => {
    await tx
      .insert(tokenShares)
      .values(share)
      .onConflictDoUpdate({
        target: [tokenShares.tokenId, tokenShares.userId],
        set: { access: share.access },
      })
    await recordAudit(tx, audit)
  })
}

/** Removes a share; false, recording nothing, when there was none. */
export async function deleteShare(db: Db, tokenId: string, userId: string, audit: AuditInput) {
  return transaction(db, async (tx) => {
    const removed = await tx
      .delete(tokenShares)
      .where(and(eq(tokenShares.tokenId, tokenId), eq(tokenShares.userId, userId)))
      .returning({ tokenId: tokenShares.tokenId })
    if (removed.length === 0) return false
    await recordAudit(tx, audit)
    return true
  })
}
