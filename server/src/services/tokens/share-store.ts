import { and, asc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { tokenShares, users } from '../../db/schema'
import { type AuditInput, recordAudit } from '../audit'

/** A token's shares with the sharee's email and name, by email. */
export async function listShares(db: Db, tokenId: string) {
  return db
    .select({ share: tokenShares, email: users.email, name: users.name })
    .from(tokenShares)
    .innerJoin(users, eq(users.id, tokenShares.userId))
    .where(eq(tokenShares.tokenId, tokenId))
    .orderBy(asc(users.email))
    .all()
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
  db.transaction((tx) => {
    tx.insert(tokenShares)
      .values(share)
      .onConflictDoUpdate({
        target: [tokenShares.tokenId, tokenShares.userId],
        set: { access: share.access },
      })
      .run()
    recordAudit(tx, audit)
  })
}

/** Removes a share; false, recording nothing, when there was none. */
export async function deleteShare(db: Db, tokenId: string, userId: string, audit: AuditInput) {
  return db.transaction((tx) => {
    const removed = tx
      .delete(tokenShares)
      .where(and(eq(tokenShares.tokenId, tokenId), eq(tokenShares.userId, userId)))
      .run()
    if (removed.changes === 0) return false
    recordAudit(tx, audit)
    return true
  })
}
