import { asc, count, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { providers, tokens } from '../../db/schema'
import { type AuditInput, recordAudit } from '../audit'

export type ProviderRow = typeof providers.$inferSelect

export async function findProvider(db: Db, id: string) {
  return db.select().from(providers).where(eq(providers.id, id)).get()
}

/** By name; every owner's when `ownerId` is null. */
export async function listProviders(db: Db, ownerId: string | null) {
  return db
    .select()
    .from(providers)
    .where(ownerId === null ? undefined : eq(providers.ownerId, ownerId))
    .orderBy(asc(providers.name))
    .all()
}

export async function providerTokenCount(db: Db, providerId: string) {
  return (
    db.select({ n: count() }).from(tokens).where(eq(tokens.providerId, providerId)).get()?.n ?? 0
  )
}

export async function insertProvider(db: Db, row: ProviderRow, audit: AuditInput) {
  db.transaction((tx) => {
    tx.insert(providers).values(row).run()
    recordAudit(tx, audit)
  })
}
