import type { ListTokensQuery, TokenStatus } from '@tokendesk/shared/schemas/token'
import {
  DEFAULT_EXPIRY_WINDOWS,
  type ExpiryWindows,
  tokenStatus,
} from '@tokendesk/shared/token-status'
import { and, asc, eq, gt, isNotNull, isNull, type SQL, sql } from 'drizzle-orm'
import type { SessionUser } from '../../app-env'
import { type Db, dialectOf } from '../../db/client'
import { tokenShares, tokens } from '../../db/schema'
import { fail } from '../../lib/http-error'
import { accessLevel, allowedActions, relationOf } from '../authz/policy'
import { readCachesAllowed, watchChanges } from './db-changes'
import { toTokenView } from './token-view'
import {
  type FlatQuery,
  type FlatRows,
  prepareFlat,
  type SeenToken,
  seenToken,
  selectTokensSeenByFlat,
} from './token-visibility'

const LONG_LIVED = sql`${tokens.kind} in ('personal', 'notification')`
const NOW = sql.placeholder('now')

/**
 * The status function of shared/token-status.ts, as SQL over the same boundaries. PostgreSQL
 * cannot tell the windows' types from a `case` of two parameters: they are cast there.
 */
function statusCondition(status: TokenStatus, pg: boolean): SQL | undefined {
  const ms = (name: string) =>
    pg ? sql`cast(${sql.placeholder(name)} as bigint)` : sql.placeholder(name)
  const window = sql`(case when ${LONG_LIVED} then ${ms('longLivedMs')} else ${ms('shortLivedMs')} end)`
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

/**
 * Which tokens one page walks: the person's own, those shared with them, both (PostgreSQL only,
 * see `listTokens`), or all (admins).
 */
type Visibility = 'mine' | 'shared' | 'mine_or_shared' | 'all'

export type PageShape = {
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
export function pageStatement(db: Db, shape: PageShape): FlatQuery {
  if (!Number.isInteger(shape.limit) || shape.limit < 1) throw new Error('bad page limit')
  const pg = dialectOf(db) === 'pg'
  const userId = sql.placeholder('userId')
  const sortCol = SORT_COLUMNS[shape.sort]
  const filters = and(
    shape.kind ? eq(tokens.kind, sql.placeholder('kind')) : undefined,
    shape.status ? statusCondition(shape.status, pg) : undefined,
    shape.search
      ? pg
        ? // PostgreSQL's `like` minds case; SQLite's (and so the list's) does not.
          sql`${tokens.label} ilike ${sql.placeholder('pattern')} escape '\\'`
        : sql`${tokens.label} like ${sql.placeholder('pattern')} escape '\\'`
      : undefined,
    shape.cursor
      ? sql`(${sortCol}, ${tokens.id}) > (${sql.placeholder('afterValue')}, ${sql.placeholder('afterId')})`
      : undefined,
  )
  const mine = eq(tokens.ownerId, userId)
  // The person's share row, joined by selectTokensSeenByFlat, exists.
  const shared = isNotNull(tokenShares.tokenId)
  const page = (visibility: SQL | undefined) =>
    selectTokensSeenByFlat(db, userId)
      .where(and(visibility, filters))
      .orderBy(asc(sortCol), asc(tokens.id))
  if (shape.visibility === 'mine_or_shared') {
    // Two keyset pages, each walking its own index, put in order by the database: its collation
    // decides the order of labels and ids, as it does for the cursor's comparison.
    const query = page(mine)
      .limit(shape.limit)
      .unionAll(page(shared).limit(shape.limit))
      .orderBy(asc(sortCol), asc(tokens.id))
      .toSQL()
    return { sql: `${query.sql} limit ${shape.limit}`, params: query.params }
  }
  const visibility =
    shape.visibility === 'mine' ? mine : shape.visibility === 'shared' ? shared : undefined
  const query = page(visibility).toSQL()
  return { sql: `${query.sql} limit ${shape.limit}`, params: query.params }
}

const MAX_PREPARED_PAGES = 256
const MAX_CACHED_PAGES = 64

/**
 * Per database: the prepared page statements, the rows of recent pages, and the JSON answers
 * made of them, until anything is written to it (db-changes; never on PostgreSQL, where other
 * replicas' writes go unseen). An answer is kept for the caller's id and role and for its
 * rows' statuses, which are worked out on every request with the clock: when one changes, the
 * answer is made again. The maps are emptied when full, since page sizes and filters come from
 * the caller.
 */
type ListState = {
  statements: Map<string, FlatRows>
  rows: Map<string, SeenToken[]> | null
  answers: Map<string, { statuses: string; json: string }> | null
  changed: () => boolean
  /** Counts the times `rows` was emptied for a change: a read that started before one is not kept. */
  epoch: number
}
const stateByDb = new WeakMap<Db, ListState>()

function listState(db: Db) {
  let state = stateByDb.get(db)
  if (!state) {
    state = {
      statements: new Map(),
      rows: readCachesAllowed(db) ? new Map() : null,
      answers: readCachesAllowed(db) ? new Map() : null,
      changed: watchChanges(db),
      epoch: 0,
    }
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
    page = prepareFlat(db, pageStatement(db, shape))
    state.statements.set(key, page)
  }
  return page
}

/** The page's rows and its cursor; `cacheable` when its rows came through the rows cache. */
async function listPage(
  db: Db,
  user: SessionUser,
  q: ListTokensQuery,
  now: number,
  windows: ExpiryWindows,
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
  const cache = state.rows
  if (state.changed()) {
    cache?.clear()
    state.answers?.clear()
    state.epoch++
  }
  const epoch = state.epoch
  const pageOf = async (visibility: Visibility) => {
    const shape: PageShape = {
      visibility,
      sort: q.sort,
      kind: !!q.kind,
      status: q.status,
      search: !!q.q,
      cursor: !!cursor,
      limit: q.limit + 1,
    }
    const read = async () => (await pageQuery(db, state, shape)(params)).map(seenToken)
    // A status filter compares expiries with the clock: its rows change with no write at all.
    if (shape.status || !cache) return read()
    // Reading 51 rows into JavaScript was a quarter of the list's CPU at 8 connections (#2).
    const key = `${user.id}|${shapeKey(shape)}|${JSON.stringify([params.kind, params.pattern, params.afterValue, params.afterId])}`
    const hit = cache.get(key)
    if (hit) return hit
    const rows = await read()
    // Another request may have seen a commit (and emptied the cache) while this one awaited.
    if (epoch === state.epoch) {
      if (cache.size >= MAX_CACHED_PAGES) cache.clear()
      cache.set(key, rows)
    }
    return rows
  }

  // "Mine or shared with me" as one OR makes the database scan and sort every row the owner has;
  // two keyset pages (each walking its own index) cost two short index walks instead. SQLite's
  // are merged here in its byte order; PostgreSQL's in one statement, in its collation's order.
  const rows =
    scope === 'mine'
      ? await pageOf('mine')
      : scope === 'shared'
        ? await pageOf('shared')
        : scope === 'all' && user.role === 'admin'
          ? await pageOf('all')
          : dialectOf(db) === 'pg'
            ? await pageOf('mine_or_shared')
            : mergePages(await pageOf('mine'), await pageOf('shared'), q.sort, q.limit + 1)

  const page = rows.slice(0, q.limit)
  const last = page.at(-1)
  const nextCursor =
    rows.length > q.limit && last ? encodeCursor([sortValue(last.row, q.sort), last.row.id]) : null
  return { page, nextCursor, state, epoch, cacheable: !!cache && !q.status }
}

type ListedPage = Awaited<ReturnType<typeof listPage>>

function toItems(
  user: SessionUser,
  { page, nextCursor }: ListedPage,
  now: number,
  windows: ExpiryWindows,
) {
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

export async function listTokens(
  db: Db,
  user: SessionUser,
  q: ListTokensQuery,
  now: number,
  windows: ExpiryWindows = DEFAULT_EXPIRY_WINDOWS,
) {
  return toItems(user, await listPage(db, user, q, now, windows), now, windows)
}

export type TokenListAnswer = Awaited<ReturnType<typeof listTokens>>

/**
 * `listTokens` as the JSON text of the answer. Serializing the 50 views (46 KB) and building them
 * was a third of the list's CPU at 8 connections (#2); while nothing is written, the same caller
 * asking for the same page gets the same text, unless a row's status moved with the clock.
 */
export async function listTokensJson(
  db: Db,
  user: SessionUser,
  q: ListTokensQuery,
  now: number,
  windows: ExpiryWindows = DEFAULT_EXPIRY_WINDOWS,
): Promise<string> {
  const listed = await listPage(db, user, q, now, windows)
  const { state } = listed
  if (!listed.cacheable || !state.answers)
    return JSON.stringify(toItems(user, listed, now, windows))
  const statuses = listed.page
    .map((r) =>
      tokenStatus(
        { kind: r.row.kind, state: r.row.status, expiresAt: r.row.expiresAt },
        now,
        windows,
      ),
    )
    .join()
  // Everything else in an answer comes from its rows and the caller's id and role.
  const key = `${user.id}|${user.role}|${user.disabled}|${JSON.stringify(q)}`
  const hit = state.answers.get(key)
  if (hit && hit.statuses === statuses) return hit.json
  const json = JSON.stringify(toItems(user, listed, now, windows))
  if (listed.epoch === state.epoch) {
    if (state.answers.size >= MAX_CACHED_PAGES) state.answers.clear()
    state.answers.set(key, { statuses, json })
  }
  return json
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
