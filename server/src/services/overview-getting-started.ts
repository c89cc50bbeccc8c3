import type { GettingStarted } from '@tokendesk/shared/schemas/overview'
import { eq, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { addons, botKeys, installations, tokens } from '../db/schema'

/**
 * The steps of the overview's getting-started checklist a person has taken, each from what they
 * own: one indexed `owner_id` probe per table, so a server with many tokens answers as fast.
 */
export async function gettingStarted(db: Db, ownerId: string): Promise<GettingStarted> {
  const one = sql<number>`1`
  const [token, addon, installation, botKey] = await Promise.all([
    db.select({ one }).from(tokens).where(eq(tokens.ownerId, ownerId)).limit(1),
    db.select({ one }).from(addons).where(eq(addons.ownerId, ownerId)).limit(1),
    db.select({ one }).from(installations).where(eq(installations.ownerId, ownerId)).limit(1),
    db.select({ one }).from(botKeys).where(eq(botKeys.ownerId, ownerId)).limit(1),
  ])
  return {
    token: token.length > 0,
    addon: addon.length > 0 || installation.length > 0,
    botKey: botKey.length > 0,
  }
}
