import type { SessionUser } from '../../app-env'
import { notFound } from '../../lib/http-error'

/**
 * Add-ons, installations and providers belong to one person: they and admins see them; to anyone
 * else they do not exist (404, like an unknown id).
 */
export function visibleOr404<Row extends { ownerId: string }>(
  user: SessionUser,
  row: Row | undefined,
  what: string,
): Row {
  if (!row || (row.ownerId !== user.id && user.role !== 'admin')) return notFound(what)
  return row
}

/** Whose rows a list shows: the caller's own, or everyone's (null) for an admin. */
export const listOwner = (user: SessionUser) => (user.role === 'admin' ? null : user.id)
