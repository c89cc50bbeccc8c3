import { sql } from 'drizzle-orm'
import { tokens } from '../../db/schema'

/** Renew within this long of expiry, or in the last tenth of the lifetime if that is longer. */
export const REFRESH_LEAD_MS = 5 * 60_000

type DueInput = { expiresAt: number | null; lastRefreshedAt: number | null; createdAt: number }

export function refreshWindowMs(t: DueInput) {
  if (t.expiresAt === null) return REFRESH_LEAD_MS
  const lifetime = t.expiresAt - (t.lastRefreshedAt ?? t.createdAt)
  return Math.max(REFRESH_LEAD_MS, Math.floor(lifetime / 10))
}

export function refreshDueAt(t: DueInput) {
  return t.expiresAt === null ? null : t.expiresAt - refreshWindowMs(t)
}

/** The same rule in SQL, for selecting due rows. */
export const dueCondition = (now: number) =>
  sql`${tokens.expiresAt} - ${now} <= max(${REFRESH_LEAD_MS}, (${tokens.expiresAt} - coalesce(${tokens.lastRefreshedAt}, ${tokens.createdAt})) / 10)`

export const refreshableCondition = sql`(${tokens.grant} = 'client_credentials' or ${tokens.refreshTokenEnc} is not null)`
