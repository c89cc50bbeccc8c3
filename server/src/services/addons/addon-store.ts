import { and, asc, count, eq } from 'drizzle-orm'
import type { Db, DbLike } from '../../db/client'
import { addons, installations } from '../../db/schema'
import { transaction } from '../../db/transaction'
import { type AuditInput, recordAudit } from '../audit'

export type AddonRow = typeof addons.$inferSelect

export async function findAddon(db: DbLike, id: string) {
  const [row] = await db.select().from(addons).where(eq(addons.id, id)).limit(1)
  return row
}

/** By name; every owner's when `ownerId` is null. */
export async function listAddons(db: DbLike, ownerId: string | null) {
  return db
    .select()
    .from(addons)
    .where(ownerId === null ? undefined : eq(addons.ownerId, ownerId))
    .orderBy(asc(addons.name))
}

export async function addonKeyTaken(db: DbLike, key: string) {
  const [row] = await db.select({ id: addons.id }).from(addons).where(eq(addons.key, key)).limit(1)
  return !!row
}

export async function insertAddon(db: Db, row: AddonRow, audit: AuditInput) {
  await transaction(db, async (tx) => {
    await tx.insert(addons).values(row)
    await recordAudit(tx, audit)
  })
}

export async function activeInstallationCount(db: DbLike, addonId: string) {
  const [counted] = await db
    .select({ n: count() })
    .from(installations)
    .where(and(eq(installations.addonId, addonId), eq(installations.status, 'active')))
  return Number(counted?.n ?? 0)
}
