import type { BotKeyFailureView } from '@tokendesk/shared/schemas/bot-key'
import { desc, eq } from 'drizzle-orm'
import type { SessionUser } from '../../app-env'
import { botKeyFailures } from '../../db/schema'
import { type Deps, findOwnKey } from './bot-key-store'

/** Refused calls shown per key; the store keeps up to REFUSALS_KEPT (usage-recorder). */
const SHOWN = 50

/** The newest refused calls of one of the caller's keys. */
export async function listBotKeyFailures(
  { db }: Deps,
  owner: SessionUser,
  id: string,
): Promise<BotKeyFailureView[]> {
  const key = await findOwnKey(db, owner, id)
  const rows = await db
    .select()
    .from(botKeyFailures)
    .where(eq(botKeyFailures.keyId, key.id))
    .orderBy(desc(botKeyFailures.at), desc(botKeyFailures.id))
    .limit(SHOWN)
  return rows.map((r) => ({
    at: new Date(r.at).toISOString(),
    status: r.status,
    code: r.code,
    tokenId: r.tokenId,
    ip: r.ip,
  }))
}
