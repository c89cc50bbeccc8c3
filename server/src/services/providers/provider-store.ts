import { asc, count, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { providers, tokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import { type AuditInput, recordAudit } from '../audit'

export type ProviderRow = typeof providers.$inferSelect

export async function findProvider(db: Db, id: string): Promise<ProviderRow | undefined> {
  const [row] = await db.select().from(providers).where(eq(providers.id, id)).limit(1)
  return row
}

/** By name; every owner's when `ownerId` is null. */
export async function listProviders(db: Db, ownerId: string | null): Promise<ProviderRow[]> {
  return db
    .select()
    .from(providers)
    .where(ownerId === null ? undefined : eq(providers.ownerId, ownerId))
    .orderBy(asc(providers.name))
}

export async function providerTokenCount(db: Db, providerId: string) {
  const [row] = await db
    .select({ n: count() })
    .from(tokens)
    .where(eq(tokens.providerId, providerId))
  return row?.n ?? 0
}

export async function insertProvider(db: Db, row: ProviderRow, audit: AuditInput) {
  await transaction(db, async (tx) => {
    await tx.insert(providers).values(row)
    await recordAudit(tx, audit)
  })
}
