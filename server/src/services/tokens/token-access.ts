import type { AccessLevel } from '@tokendesk/shared/schemas/token'
import { and, eq } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import type { Db } from '../../db/client'
import { tokenShares, tokens, users } from '../../db/schema'
import { fail, notFound } from '../../lib/http-error'
import { type TokenRow, toTokenView } from './token-view'

export type VisibleToken = {
  row: TokenRow
  access: AccessLevel
  owner: { name: string; email: string }
}

/** A token the caller may see, or 404: foreign ids are indistinguishable from unknown ones. */
export function findVisibleToken(db: Db, user: SessionUser, id: string): VisibleToken {
  const found = db
    .select({
      row: tokens,
      ownerName: users.name,
      ownerEmail: users.email,
      share: tokenShares.access,
    })
    .from(tokens)
    .innerJoin(users, eq(users.id, tokens.ownerId))
    .leftJoin(tokenShares, and(eq(tokenShares.tokenId, tokens.id), eq(tokenShares.userId, user.id)))
    .where(eq(tokens.id, id))
    .get()
  if (!found) return notFound('Token')
  const access: AccessLevel | null =
    found.row.ownerId === user.id
      ? 'owner'
      : (found.share ?? (user.role === 'admin' ? 'admin' : null))
  if (!access) return notFound('Token')
  return { row: found.row, access, owner: { name: found.ownerName, email: found.ownerEmail } }
}

/** Reveal, copy and bot keys: the owner or a `use` share. Admins see metadata only. */
export function requireUse(t: VisibleToken) {
  if (t.access !== 'owner' && t.access !== 'use') {
    fail(403, 'forbidden', 'You may see this token but not use its value')
  }
}

export function requireOwner(t: VisibleToken) {
  if (t.access !== 'owner') fail(403, 'forbidden', 'Only the token’s owner may do this')
}

export function requireOwnerOrAdmin(t: VisibleToken) {
  if (t.access !== 'owner' && t.access !== 'admin') {
    fail(403, 'forbidden', 'Only the token’s owner or an admin may do this')
  }
}

/** The browser's view of a token the caller may see (404 otherwise). */
export function visibleTokenView(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config'>,
  user: SessionUser,
  id: string,
) {
  const t = findVisibleToken(deps.db, user, id)
  return toTokenView(t.row, {
    owner: t.owner,
    access: t.access,
    now: deps.clock(),
    windows: deps.config.expiryWindows,
  })
}
