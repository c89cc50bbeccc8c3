import { and, asc, count, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { addons, installations } from '../../db/schema'
import { type AuditInput, recordAudit } from '../audit'

export type AddonRow = typeof addons.$inferSelect

export async function findAddon(db: Db, id: string) {
  return db.select().from(addons).where(eq(addons.id, id)).get()
}

/** By name; every owner's when `ownerId` is null. */
export async function listAddons(db: Db, ownerId: string | null) {
  return db
    .select()
    .from(addons)
    .where(ownerId === null ? undefined : eq(addons.ownerId, ownerId))
    .orderBy(asc(addons.name))
    .all()
}

export async function addonKeyTaken(db: Db, key: string) {
  return !!db.select({ id: addons.id }).from(addons).where(eq(addons.key, key)).get()
}

export async function insertAddon(db: Db, row: AddonRow, audit: AuditInput) {
  db.transaction((tx) => {
    tx.insert(addons).values(row).run()
    recordAudit(tx, audit)
  })
}

export async function activeInstallationCount(db: Db, addonId: string) {
  return (
    db
      .select({ n: count() })
      .from(installations)
      .where(and(eq(installations.addonId, addonId), eq(installations.status, 'active')))
      .get()?.n ?? 0
  )
}
