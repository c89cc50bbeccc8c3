import type { Overview } from '@tokendesk/shared/schemas/overview'
import { TOKEN_STATUSES, type TokenStatus } from '@tokendesk/shared/schemas/token'
import type { ExpiryWindows } from '@tokendesk/shared/token-status'
import {
  and,
  asc,
  desc,
  eq,
  gt,
  gte,
  inArray,
  isNotNull,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm'
import type { SessionUser } from '../app-env'
import { type Db, dialectOf } from '../db/client'
import { auditEvents, providerCircuits, providers, tokenShares, tokens } from '../db/schema'
import { listAuditFor } from './audit-view'
import { gettingStarted } from './overview-getting-started'
import { originOf } from './providers/circuit-breaker'

const DAY = 86_400_000
const TIMELINE_LIMIT = 2000

/** shared/token-status.ts as one SQL expression, so counting is a single indexed GROUP BY. */
function statusExpression(now: number, w: ExpiryWindows) {
  return sql<TokenStatus>`case
    when ${tokens.status} = 'revoked' then 'revoked'
    when ${tokens.status} = 'needs_reauth' then 'needs_reauth'
    when ${tokens.expiresAt} is null then 'unknown_expiry'
    when ${tokens.expiresAt} <= ${now} then 'expired'
    when ${tokens.expiresAt} - ${now} <= (case when ${tokens.kind} in ('personal', 'notification') then cast(${w.longLivedMs} as bigint) else cast(${w.shortLivedMs} as bigint) end) then 'expiring'
    else 'valid' end`
}

/**
 * Open circuits the caller has a stake in: an admin sees every one, anyone else those of the
 * providers behind their visible tokens and of the providers they registered.
 */
async function failingProviders(db: Db, user: SessionUser, visible: SQL | undefined, now: number) {
  const open = await db
    .select()
    .from(providerCircuits)
    .where(inArray(providerCircuits.state, ['open', 'half_open']))
    .orderBy(asc(providerCircuits.origin))
  if (open.length === 0) return []
  let shown = open
  if (user.role !== 'admin') {
    const [tokenUrls, registered] = await Promise.all([
      db.selectDistinct({ url: tokens.providerUrl }).from(tokens).where(visible),
      db
        .select({ url: providers.tokenUrl, revocation: providers.revocationUrl })
        .from(providers)
        .where(eq(providers.ownerId, user.id)),
    ])
    const urls = [
      ...tokenUrls,
      ...registered.flatMap((p) => [{ url: p.url }, { url: p.revocation }]),
    ]
    const origins = new Set<string>()
    for (const { url } of urls) {
      try {
        if (url) origins.add(originOf(url))
      } catch {
        // A stored URL that does not parse names no provider we call.
      }
    }
    shown = open.filter((c) => origins.has(c.origin))
  }
  return shown.map((c) => ({
    origin: c.origin,
    // An open circuit past its cool-down lets the next call through as the probe.
    state:
      c.state === 'open' && (c.openUntil ?? 0) > now ? ('open' as const) : ('half_open' as const),
    failures: c.failures,
    openUntil: c.openUntil === null ? null : new Date(c.openUntil).toISOString(),
    lastError: c.lastError,
  }))
}

/** Everything the overview page shows, computed on the server for the caller's visible tokens. */
export async function buildOverview(
  db: Db,
  user: SessionUser,
  now: number,
  windows: ExpiryWindows,
): Promise<Overview> {
  const visible: SQL | undefined =
    user.role === 'admin'
      ? undefined
      : or(
          eq(tokens.ownerId, user.id),
          inArray(
            tokens.id,
            db
              .select({ id: tokenShares.tokenId })
              .from(tokenShares)
              .where(eq(tokenShares.userId, user.id)),
          ),
        )
  const status = statusExpression(now, windows)

  // Grouped by position: PostgreSQL would not match the expression's parameters to the select's.
  const grouped = await db
    .select({ status, n: sql<number>`count(*)` })
    .from(tokens)
    .where(visible)
    .groupBy(sql`1`)
  const counts = Object.fromEntries(
    TOKEN_STATUSES.map((s) => [s, grouped.find((g) => g.status === s)?.n ?? 0]),
  ) as Overview['counts']

  const timelineRows = await db
    .select({
      id: tokens.id,
      label: tokens.label,
      kind: tokens.kind,
      status,
      expiresAt: tokens.expiresAt,
    })
    .from(tokens)
    .where(
      and(
        visible,
        isNotNull(tokens.expiresAt),
        gt(tokens.expiresAt, now - DAY),
        lte(tokens.expiresAt, now + 90 * DAY),
      ),
    )
    .orderBy(asc(tokens.expirySort))
    .limit(TIMELINE_LIMIT + 1)

  const since = now - DAY
  const hour = sql<number>`(${auditEvents.at} / 3600000) * 3600000`
  const ownerScope = user.role === 'admin' ? undefined : eq(auditEvents.ownerId, user.id)
  // The audit detail is JSON text in both dialects.
  const afterFailures =
    dialectOf(db) === 'pg'
      ? sql`(${auditEvents.detail}::jsonb ->> 'afterFailures')::numeric`
      : sql`json_extract(${auditEvents.detail}, '$.afterFailures')`
  const health = await db
    .select({
      hour,
      succeeded: sql<number>`sum(case when ${auditEvents.action} = 'token.refreshed' then 1 else 0 end)`,
      failed: sql<number>`sum(case when ${auditEvents.action} in ('token.refresh_failed', 'token.needs_reauth') then 1 else 0 end)`,
      retried: sql<number>`sum(case when ${auditEvents.action} = 'token.refreshed' and ${afterFailures} > 0 then 1 else 0 end)`,
    })
    .from(auditEvents)
    .where(
      and(
        ownerScope,
        gte(auditEvents.at, since),
        inArray(auditEvents.action, [
          'token.refreshed',
          'token.refresh_failed',
          'token.needs_reauth',
        ]),
      ),
    )
    .groupBy(hour)
  const firstHour = Math.floor(since / 3_600_000) * 3_600_000
  const refreshHealth = Array.from({ length: 25 }, (_, i) => {
    const h = firstHour + i * 3_600_000
    const row = health.find((r) => r.hour === h)
    return {
      hour: new Date(h).toISOString(),
      succeeded: row?.succeeded ?? 0,
      failed: row?.failed ?? 0,
      retried: row?.retried ?? 0,
    }
  })

  const failing = (
    await db
      .select({
        id: tokens.id,
        label: tokens.label,
        kind: tokens.kind,
        status,
        lastError: tokens.lastError,
        failingSince: tokens.failingSince,
      })
      .from(tokens)
      .where(and(visible, or(isNotNull(tokens.failingSince), eq(tokens.status, 'needs_reauth'))))
      .orderBy(desc(tokens.updatedAt))
      .limit(50)
  ).map((f) => ({
    ...f,
    failingSince: f.failingSince === null ? null : new Date(f.failingSince).toISOString(),
  }))

  return {
    now: new Date(now).toISOString(),
    counts,
    total: Object.values(counts).reduce((a, b) => a + b, 0),
    thresholds: {
      longLivedDays: windows.longLivedMs / DAY,
      shortLivedMinutes: windows.shortLivedMs / 60_000,
      alertDays: user.alertDays,
    },
    timeline: timelineRows
      .slice(0, TIMELINE_LIMIT)
      .map((r) => ({ ...r, expiresAt: new Date(r.expiresAt ?? 0).toISOString() })),
    timelineTruncated: timelineRows.length > TIMELINE_LIMIT,
    refreshHealth,
    failing,
    activity: (await listAuditFor(db, user, { limit: 15 })).items,
    failingProviders: await failingProviders(db, user, visible, now),
    // A new admin lands on a page of zeros: the checklist says what to set up first.
    gettingStarted: user.role === 'admin' ? await gettingStarted(db, user.id) : undefined,
  }
}
