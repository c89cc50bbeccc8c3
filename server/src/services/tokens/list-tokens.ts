import type { ListTokensQuery, TokenStatus } from '@tokendesk/shared/schemas/token'
import { DEFAULT_EXPIRY_WINDOWS, type ExpiryWindows } from '@tokendesk/shared/token-status'
import { and, asc, eq, gt, is, isNotNull, isNull, Placeholder, type SQL, sql } from 'drizzle-orm'
import type { SessionUser } from '../../app-env'
import type { Db } from '../../db/client'
import { tokenShares, tokens } from '../../db/schema'
import { fail } from '../../lib/http-error'
import { accessLevel, allowedActions, relationOf } from '../authz/policy'
import { watchChanges } from './db-changes'
import { toTokenView } from './token-view'
import { type SeenToken, seenToken, selectTokensSeenByFlat } from './token-visibility'

const LONG_LIVED = sql`${tokens.kind} in ('personal', 'notification')`
const NOW = sql.placeholder('now')

/** The status function of shared/token-status.ts, as SQL over the same boundaries. */
function statusCondition(status: TokenStatus): SQL | undefined {
  const window = sql`(case when ${LONG_LIVED} then ${sql.placeholder('longLivedMs')} else ${sql.placeholder('shortLivedMs')} end)`
  const active = eq(tokens.status, 'active')
  switch (status) {
    case 'revoked':
      return eq(tokens.status, 'revoked')
    case 'needs_reauth':
      return eq(tokens.status, 'needs_reauth')
    case 'unknown_expiry':
      return and(active, isNull(tokens.expiresAt))
    case 'expired':
      return and(active, sql`${tokens.expiresAt} <= ${NOW}`)
    case 'expiring':
      return and(active, gt(tokens.expiresAt, NOW), sql`${tokens.expiresAt} - ${NOW} <= ${window}`)
    case 'valid':
      return and(active, sql`${tokens.expiresAt} - ${NOW} > ${window}`)
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

/** Which tokens one page walks: the person's own, those shared with them, or all (admins). */
type Visibility = 'mine' | 'shared' | 'all'

type PageShape = {
  visibility: Visibility
  sort: ListTokensQuery['sort']
  kind: boolean
  status: TokenStatus | undefined
  search: boolean
  cursor: boolean
  /** Rows to read: the page size plus one, to know whether there is a next page. */
  limit: number
}

/**
 * One page's query, built and prepared once per shape (which filters are present, the page size)
 * with every other value a placeholder: building the SQL in Drizzle and preparing it per request
 * was a third of the list's CPU (BENCHMARKS.md #2). The LIMIT is written into the SQL: bound as a
 * parameter, it made SQLite re-plan the statement on every run, which cost more than the rows.
 */
function preparePage(db: Db, shape: PageShape) {
  if (!Number.isInteger(shape.limit) || shape.limit < 1) throw new Error('bad page limit')
  const userId = sql.placeholder('userId')
  const sortCol = SORT_COLUMNS[shape.sort]
  const visibility =
    shape.visibility === 'mine'
      ? eq(tokens.ownerId, userId)
      : shape.visibility === 'shared'
        ? // The person's share row, joined by selectTokensSeenByFlat, exists.
          isNotNull(tokenShares.tokenId)
        : undefined
  const query = selectTokensSeenByFlat(db, userId)
    .where(
      and(
        visibility,
        shape.kind ? eq(tokens.kind, sql.placeholder('kind')) : undefined,
        shape.status ? statusCondition(shape.status) : undefined,
        shape.search
          ? sql`${tokens.label} like ${sql.placeholder('pattern')} escape '\\'`
          : undefined,
        shape.cursor
          ? sql`(${sortCol}, ${tokens.id}) > (${sql.placeholder('afterValue')}, ${sql.placeholder('afterId')})`
          : undefined,
      ),
    )
    .orderBy(asc(sortCol), asc(tokens.id))
    .toSQL()
  const stmt = db.$client.prepare(`${query.sql} limit ${shape.limit}`).raw()
  return (values: Record<string, unknown>) =>
    stmt.all(...query.params.map((p) => (is(p, Placeholder) ? values[p.name] : p))) as unknown[][]
}

type PreparedPage = ReturnType<typeof preparePage>

const MAX_PREPARED_PAGES = 256
const MAX_CACHED_PAGES = 64

/**
 * Per database: the prepared page statements, and the rows of recent pages until anything is
 * written to it (db-changes). Rows, not answers: statuses, allowed actions and the view are
 * worked out on every request with the clock and the caller's current role. Both maps are
 * emptied when full, since page sizes and filters come from the caller.
 */
type ListState = {
  statements: Map<string, PreparedPage>
  rows: Map<string, SeenToken[]>
  changed: () => boolean
}
const stateByDb = new WeakMap<Db, ListState>()

function listState(db: Db) {
  let state = stateByDb.get(db)
  if (!state) {
    state = { statements: new Map(), rows: new Map(), changed: watchChanges(db) }
    stateByDb.set(db, state)
  }
  return state
}

const shapeKey = (s: PageShape) =>
  `${s.visibility}|${s.sort}|${s.kind}|${s.status}|${s.search}|${s.cursor}|${s.limit}`

function pageQuery(db: Db, state: ListState, shape: PageShape) {
  const key = shapeKey(shape)
  let page = state.statements.get(key)
  if (!page) {
    if (state.statements.size >= MAX_PREPARED_PAGES) state.statements.clear()
    page = preparePage(db, shape)
    state.statements.set(key, page)
  }
  return page
}

export function listTokens(
  db: Db,
  user: SessionUser,
  q: ListTokensQuery,
  now: number,
  windows: ExpiryWindows = DEFAULT_EXPIRY_WINDOWS,
) {
  const scope = q.scope ?? (user.role === 'admin' ? 'all' : undefined)
  const cursor = q.cursor ? decodeCursor(q.cursor) : null
  const params = {
    userId: user.id,
    kind: q.kind ?? null,
    now,
    longLivedMs: windows.longLivedMs,
    shortLivedMs: windows.shortLivedMs,
    pattern: q.q ? `%${q.q.replace(/[\\%_]/g, '\\$&')}%` : null,
    afterValue: cursor?.[0] ?? null,
    afterId: cursor?.[1] ?? null,
  }
  const state = listState(db)
  if (state.changed()) state.rows.clear()
  const pageOf = (visibility: Visibility) => {
    const shape: PageShape = {
      visibility,
      sort: q.sort,
      kind: !!q.kind,
      status: q.status,
      search: !!q.q,
      cursor: !!cursor,
      limit: q.limit + 1,
    }
    const read = () => pageQuery(db, state, shape)(params).map(seenToken)
    // A status filter compares expiries with the clock: its rows change with no write at all.
    if (shape.status) return read()
    // Reading 51 rows into JavaScript was a quarter of the list's CPU at 8 connections (#2).
    const key = `${user.id}|${shapeKey(shape)}|${JSON.stringify([params.kind, params.pattern, params.afterValue, params.afterId])}`
    let rows = state.rows.get(key)
    if (!rows) {
      rows = read()
      if (state.rows.size >= MAX_CACHED_PAGES) state.rows.clear()
      state.rows.set(key, rows)
    }
    return rows
  }

  // "Mine or shared with me" as one OR makes SQLite scan and sort every row the owner has; two
  // keyset pages (each walking its own index) merged here cost two short index walks instead.
  const rows =
    scope === 'mine'
      ? pageOf('mine')
      : scope === 'shared'
        ? pageOf('shared')
        : scope === 'all' && user.role === 'admin'
          ? pageOf('all')
          : mergePages(pageOf('mine'), pageOf('shared'), q.sort, q.limit + 1)

  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  const nextCursor =
    rows.length > q.limit && last ? encodeCursor([sortValue(last.row, q.sort), last.row.id]) : null
  // A handful of distinct relations per page: the allowed list is computed once for each.
  const allowedFor = new Map<string, ReturnType<typeof allowedActions>>()
  const items = page.map((r) => {
    const relation = relationOf(user, r.row, r.share)
    const k = `${relation.owner}|${relation.share}|${relation.admin}`
    let allowed = allowedFor.get(k)
    if (!allowed) {
      allowed = allowedActions(relation)
      allowedFor.set(k, allowed)
    }
    return toTokenView(r.row, {
      owner: { name: r.ownerName, email: r.ownerEmail },
      access: accessLevel(relation) ?? 'view',
      allowed,
      now,
      windows,
    })
  })
  return { items, nextCursor }
}

type PageRow = SeenToken

/** Two pages, each already in (sort key, id) order, merged into the first `max` rows. */
function mergePages(a: PageRow[], b: PageRow[], sort: ListTokensQuery['sort'], max: number) {
  if (b.length === 0) return a.slice(0, max)
  if (a.length === 0) return b.slice(0, max)
  const out: PageRow[] = []
  let i = 0
  let j = 0
  while (out.length < max && (i < a.length || j < b.length)) {
    const x = a[i]
    const y = b[j]
    if (
      !y ||
      (x && compareKeys(sortValue(x.row, sort), x.row.id, sortValue(y.row, sort), y.row.id) <= 0)
    ) {
      out.push(x as PageRow)
      i++
    } else {
      out.push(y)
      j++
    }
  }
  return out
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
