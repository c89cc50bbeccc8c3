import { type SQL, sql } from 'drizzle-orm'
import { DIALECT } from '../../db/schema'

/**
 * The database's own time in epoch milliseconds, as SQL. Leases (a token's refresh lease, an
 * outbox row's) are set and judged with it, so replicas whose clocks drift never take a lease
 * that is still live somewhere else. Expiry and due logic stay on the injected clock.
 */
export function dbNowMs(): SQL<number> {
  return DIALECT === 'pg'
    ? sql<number>`(extract(epoch from clock_timestamp()) * 1000)::bigint`
    : sql<number>`cast(unixepoch('subsec') * 1000 as integer)`
}

/** `now + ms` on the database's clock. */
export const dbNowPlusMs = (ms: number): SQL<number> => sql<number>`(${dbNowMs()} + ${ms})`
