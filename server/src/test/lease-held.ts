import { eq } from 'drizzle-orm'
import type { Db } from '../db/client'
import { tokens } from '../db/schema'

/** Whether a refresh of the token is in flight right now (someone holds its lease). */
export async function leaseHeld(t: { db: Db }, id: string) {
  const [row] = await t.db
    .select({ owner: tokens.leaseOwner })
    .from(tokens)
    .where(eq(tokens.id, id))
    .limit(1)
  return Boolean(row?.owner)
}
