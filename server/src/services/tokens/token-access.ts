import type { AccessLevel, TokenAction } from '@tokendesk/shared/schemas/token'
import { eq, sql } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import type { Db } from '../../db/client'
import { tokens } from '../../db/schema'
import { fail, notFound } from '../../lib/http-error'
import { accessLevel, allowedActions, can, relationOf, type TokenRelation } from '../authz/policy'
import { revocationStateOf } from '../revocation/outbox-store'
import { type TokenRow, toTokenView } from './token-view'
import { selectTokensSeenBy } from './token-visibility'

export type VisibleToken = {
  row: TokenRow
  relation: TokenRelation
  access: AccessLevel
  owner: { name: string; email: string }
}

const FORBIDDEN: Partial<Record<TokenAction, string>> = {
  'token.read_value': 'You may see this token but not use its value',
  'token.bind_key': 'You may see this token but not use its value',
  'token.refresh': 'You may see this token but not refresh it',
  'token.reassign': 'Only an admin may reassign a token',
  'token.read_shares': 'Only the token’s owner or an admin may see its shares',
}

const statements = new WeakMap<Db, ReturnType<typeof prepare>>()

/** Prepared once per database (on PostgreSQL, a named statement each pooled connection keeps). */
function prepare(db: Db) {
  return selectTokensSeenBy(db, sql.placeholder('userId'))
    .where(eq(tokens.id, sql.placeholder('id')))
    .prepare('td_find_visible_token')
}

/** A token the caller may see, or 404: foreign ids are indistinguishable from unknown ones. */
export async function findVisibleToken(
  db: Db,
  user: SessionUser,
  id: string,
): Promise<VisibleToken> {
  let stmt = statements.get(db)
  if (!stmt) {
    stmt = prepare(db)
    statements.set(db, stmt)
  }
  const [found] = await stmt.execute({ id, userId: user.id })
  if (!found) return notFound('Token')
  const relation = relationOf(user, found.row, found.share)
  const access = accessLevel(relation)
  if (!access || !can(relation, 'token.read_meta')) return notFound('Token')
  return {
    row: found.row,
    relation,
    access,
    owner: { name: found.ownerName, email: found.ownerEmail },
  }
}

/** Throws 403 unless the policy lets the caller take this action on a token they can see. */
export function authorize(t: VisibleToken, action: TokenAction) {
  if (!can(t.relation, action))
    fail(403, 'forbidden', FORBIDDEN[action] ?? 'You may not do this with this token')
}

/** The browser's view of a visible token, with what the caller may do with it. */
export async function tokenViewFor(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config'>,
  t: VisibleToken,
  row = t.row,
) {
  return toTokenView(row, {
    owner: t.owner,
    access: t.access,
    allowed: allowedActions(t.relation),
    now: deps.clock(),
    windows: deps.config.expiryWindows,
    // Only a revoked token can wait on the provider; the others skip the lookup.
    revocation: row.status === 'revoked' ? await revocationStateOf(deps.db, row.id) : undefined,
  })
}

/** The browser's view of a token the caller may see (404 otherwise). */
export async function visibleTokenView(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config'>,
  user: SessionUser,
  id: string,
) {
  return tokenViewFor(deps, await findVisibleToken(deps.db, user, id))
}
