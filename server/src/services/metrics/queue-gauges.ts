import { and, count, eq, gt, isNotNull, isNull, lte, or, type SQL, sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { providerCircuits, revocationOutbox, tokens, webhookDeliveries } from '../../db/schema'
import { REFRESH_LEAD_MS, refreshableCondition } from '../refresh/due'

const lifetime = sql`(${tokens.expiresAt} - coalesce(${tokens.lastRefreshedAt}, ${tokens.createdAt}))`
const lead = sql.raw(String(REFRESH_LEAD_MS))
/** `max(lead, lifetime / 10)` and then `min(…, lifetime / 2)`, as CASE so both dialects run it. */
const atLeastLead = sql`case when ${lifetime} / 10 > ${lead} then ${lifetime} / 10 else ${lead} end`
const refreshWindow = sql`case when ${atLeastLead} < ${lifetime} / 2 then ${atLeastLead} else ${lifetime} / 2 end`

/**
 * Tokens the refresher would renew now (due by `refreshWindowMs`, not backing off, not given up),
 * whether or not a process holds their lease at this instant.
 */
function backlogWhere(now: number, giveUpMs: number): SQL | undefined {
  return and(
    eq(tokens.status, 'active'),
    refreshableCondition,
    isNotNull(tokens.accessTokenEnc),
    isNotNull(tokens.expiresAt),
    sql`${tokens.expiresAt} - ${now} <= ${refreshWindow}`,
    or(isNull(tokens.nextAttemptAt), lte(tokens.nextAttemptAt, now)),
    or(isNull(tokens.failingSince), gt(tokens.failingSince, now - giveUpMs)),
  )
}

export async function refreshDueBacklog(db: Db, now: number, giveUpMs: number) {
  const [row] = await db.select({ n: count() }).from(tokens).where(backlogWhere(now, giveUpMs))
  return row?.n ?? 0
}

export async function webhookQueueDepth(db: Db) {
  const [row] = await db
    .select({ n: count() })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.status, 'pending'))
  return row?.n ?? 0
}

export async function revocationQueueDepth(db: Db) {
  const [row] = await db
    .select({ n: count() })
    .from(revocationOutbox)
    .where(eq(revocationOutbox.status, 'pending'))
  return row?.n ?? 0
}

/** Every provider origin with a circuit row, and whether callers are turned away from it. */
export async function circuitStates(db: Db) {
  const rows = await db
    .select({ origin: providerCircuits.origin, state: providerCircuits.state })
    .from(providerCircuits)
  return rows.map((r) => ({ origin: r.origin, open: r.state !== 'closed' }))
}
