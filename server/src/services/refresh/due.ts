import { sql } from 'drizzle-orm'
import { DIALECT, tokens } from '../../db/schema'

/** Renew at least this long before expiry, when the token lives long enough for it. */
export const REFRESH_LEAD_MS = 5 * 60_000

type DueInput = { expiresAt: number | null; lastRefreshedAt: number | null; createdAt: number }

/**
 * How long before expiry a token falls due: the last tenth of its issued lifetime, at least
 * five minutes, but never more than half of it. A 1-hour token is due in its last 6 minutes, a
 * day-long one in its last 2.4 hours, and a 4-second token only in its last 2 seconds, so a
 * token just issued is never due at once (which made short-lived tokens re-exchange per call).
 * The bot path, the refresh button (with `if_due`) and the background refresher all use this.
 */
export function refreshWindowMs(t: DueInput) {
  if (t.expiresAt === null) return REFRESH_LEAD_MS
  const lifetime = Math.max(0, t.expiresAt - (t.lastRefreshedAt ?? t.createdAt))
  return Math.min(Math.max(REFRESH_LEAD_MS, Math.floor(lifetime / 10)), Math.floor(lifetime / 2))
}

export function refreshDueAt(t: DueInput) {
  return t.expiresAt === null ? null : t.expiresAt - refreshWindowMs(t)
}

/** Tokens without an expiry never fall due; they are renewed only on request. */
export function isDue(t: DueInput, now: number) {
  return t.expiresAt !== null && t.expiresAt - now <= refreshWindowMs(t)
}

const lifetime = sql`(${tokens.expiresAt} - coalesce(${tokens.lastRefreshedAt}, ${tokens.createdAt}))`

/** The same rule in SQL, for selecting due rows (scalar min/max are least/greatest on PostgreSQL). */
export const dueCondition = (now: number) =>
  DIALECT === 'pg'
    ? sql`${tokens.expiresAt} - ${now}::bigint <= least(greatest(${REFRESH_LEAD_MS}::bigint, ${lifetime} / 10), ${lifetime} / 2)`
    : sql`${tokens.expiresAt} - ${now} <= min(max(${REFRESH_LEAD_MS}, ${lifetime} / 10), ${lifetime} / 2)`

export const refreshableCondition = sql`(${tokens.grant} = 'client_credentials' or ${tokens.refreshTokenEnc} is not null)`
