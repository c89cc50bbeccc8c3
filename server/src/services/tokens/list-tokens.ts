import type { ListTokensQuery, TokenStatus } from '@tokendesk/shared/schemas/token'
import { DEFAULT_EXPIRY_WINDOWS, type ExpiryWindows } from '@tokendesk/shared/token-status'
import { and, asc, eq, gt, inArray, isNull, type SQL, sql } from 'drizzle-orm'
import type { SessionUser } from '../../app-env'
import type { Db } from '../../db/client'
import { tokenShares, tokens } from '../../db/schema'
import { fail } from '../../lib/http-error'
import { accessLevel, allowedActions, relationOf } from '../authz/policy'
import { toTokenView } from './token-view'
import { selectTokensSeenBy } from './token-visibility'

const LONG_LIVED = sql`${tokens.kind} in ('personal', 'notification')`

/** The status function of shared/token-status.ts, as SQL over the same boundaries. */
function statusCondition(status: TokenStatus, now: number, w: ExpiryWindows): SQL | undefined {
  const window = sql`(case when ${LONG_LIVED} then ${w.longLivedMs} else ${w.shortLivedMs} end)`
  const active = eq(tokens.status, 'active')
  switch (status) {
    case 'revoked':
      return eq(tokens.status, 'revoked')
    case 'needs_reauth':
      return eq(tokens.status, 'needs_reauth')
    case 'unknown_expiry':
      return and(active, isNull(tokens.expiresAt))
    case 'expired':
      return and(active, sql`${tokens.expiresAt} <= ${now}`)
    case 'expiring':
      return and(active, gt(tokens.expiresAt, now), sql`${tokens.expiresAt} - ${now} <= ${window}`)
    case 'valid':
      return and(active, sql`${tokens.expiresAt} - ${now} > ${window}`)
  }
}

const SORT_COLUMNS = { expiry: tokens.expirySort, label: tokens.label, created: tokens.createdAt }

type Cursor = [string | number, string]

function encodeCursor(c: Cursor) {
  return Buffer.from(JSON.stringify(c)).toString('base64url')
}

function decodeCursor(raw: string): Cursor {
  try {
    const c = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'))
    if (
      Array.isArray(c) &&
      c.length === 2 &&
      ['string', 'number'].includes(typeof c[0]) &&
      typeof c[1] === 'string'
    ) {
      return c as Cursor
    }
  } catch {}
  return fail(400, 'validation_failed', 'Invalid cursor')
}

export function listTokens(
  db: Db,
  user: SessionUser,
  q: ListTokensQuery,
  now: number,
  windows: ExpiryWindows = DEFAULT_EXPIRY_WINDOWS,
) {
  const sharedWithMe = db
    .select({ id: tokenShares.tokenId })
    .from(tokenShares)
    .where(eq(tokenShares.userId, user.id))
  const scope = q.scope ?? (user.role === 'admin' ? 'all' : undefined)
  const mine = eq(tokens.ownerId, user.id)
  const shared = inArray(tokens.id, sharedWithMe)

  const sortCol = SORT_COLUMNS[q.sort]
  const cursor = q.cursor ? decodeCursor(q.cursor) : null
  const after = cursor ? sql`(${sortCol}, ${tokens.id}) > (${cursor[0]}, ${cursor[1]})` : undefined
  const search = q.q
    ? sql`${tokens.label} like ${`%${q.q.replace(/[\\%_]/g, '\\$&')}%`} escape '\\'`
    : undefined

  const pageOf = (visibility: SQL | undefined) =>
    selectTokensSeenBy(db, user.id)
      .where(
        and(
          visibility,
          q.kind ? eq(tokens.kind, q.kind) : undefined,
          q.status ? statusCondition(q.status, now, windows) : undefined,
          search,
          after,
        ),
      )
      .orderBy(asc(sortCol), asc(tokens.id))
      .limit(q.limit + 1)
      .all()

  // "Mine or shared with me" as one OR makes SQLite scan and sort every row the owner has; two
  // keyset pages (each walking its own index) merged here cost two short index walks instead.
  const rows =
    scope === 'mine'
      ? pageOf(mine)
      : scope === 'shared'
        ? pageOf(shared)
        : scope === 'all' && user.role === 'admin'
          ? pageOf(undefined)
          : [...pageOf(mine), ...pageOf(shared)]
              .sort((a, b) =>
                compareKeys(sortValue(a.row, q.sort), a.row.id, sortValue(b.row, q.sort), b.row.id),
              )
              .slice(0, q.limit + 1)

  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  const nextCursor =
    rows.length > q.limit && last ? encodeCursor([sortValue(last.row, q.sort), last.row.id]) : null
  const items = page.map((r) => {
    const relation = relationOf(user, r.row, r.share)
    return toTokenView(r.row, {
      owner: { name: r.ownerName, email: r.ownerEmail },
      access: accessLevel(relation) ?? 'view',
      allowed: allowedActions(relation),
      now,
      windows,
    })
  })
  return { items, nextCursor }
}

/** SQLite's order: numbers numerically, text by UTF-8 bytes (BINARY collation). */
function compareKeys(av: string | number, aid: string, bv: string | number, bid: string) {
  const byValue =
    typeof av === 'number' && typeof bv === 'number'
      ? Math.sign(av - bv)
      : Buffer.compare(Buffer.from(String(av)), Buffer.from(String(bv)))
  return byValue !== 0 ? byValue : Buffer.compare(Buffer.from(aid), Buffer.from(bid))
}

function sortValue(
  row: typeof tokens.$inferSelect,
  sort: ListTokensQuery['sort'],
): string | number {
  if (sort === 'label') return row.label
  if (sort === 'created') return row.createdAt
  return row.expirySort ?? Number.MAX_SAFE_INTEGER
}
