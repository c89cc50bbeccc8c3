import type { AccessLevel, TokenAction } from '@tokendesk/shared/schemas/token'
import { TOKEN_ACTIONS } from '@tokendesk/shared/schemas/token'

/**
 * Everything a person is to a token, combined: role rights and share rights add up, so a share
 * never takes away what someone's role allows (an admin with a `view` share keeps admin rights).
 */
export type TokenRelation = {
  owner: boolean
  share: 'view' | 'use' | null
  admin: boolean
}

export const NO_RELATION: TokenRelation = { owner: false, share: null, admin: false }

type Rule = (r: TokenRelation) => boolean

const mayUseValue: Rule = (r) => r.owner || r.share === 'use'

/**
 * The one table of who may do what with a token. Admins manage (metadata, revoke, delete,
 * reassign) but never read a value unless a share lets them; reassigning is break-glass.
 */
const TOKEN_RULES: Record<TokenAction, Rule> = {
  'token.read_meta': (r) => r.owner || r.share !== null || r.admin,
  'token.read_value': mayUseValue,
  // Binding a token to a bot key lets the key read the value: the same right as a reveal.
  'token.bind_key': mayUseValue,
  'token.refresh': (r) => r.owner || r.share === 'use' || r.admin,
  'token.reconnect': (r) => r.owner,
  'token.update': (r) => r.owner,
  'token.delete': (r) => r.owner || r.admin,
  'token.revoke': (r) => r.owner || r.admin,
  'token.reassign': (r) => r.admin,
  'token.share': (r) => r.owner,
  'token.read_shares': (r) => r.owner || r.admin,
  // Sharees see their own actions and the token's lifecycle only (see audit scoping).
  'token.read_audit': (r) => r.owner || r.admin,
}

export function can(r: TokenRelation, action: TokenAction) {
  return TOKEN_RULES[action](r)
}

export function allowedActions(r: TokenRelation): TokenAction[] {
  return TOKEN_ACTIONS.filter((a) => TOKEN_RULES[a](r))
}

/** The one word the UI shows for "your access"; the allowed list is what decides. */
export function accessLevel(r: TokenRelation): AccessLevel | null {
  if (r.owner) return 'owner'
  if (r.share === 'use') return 'use'
  if (r.admin) return 'admin'
  return r.share
}

export function relationOf(
  person: { id: string; role: 'admin' | 'owner'; disabled: boolean },
  token: { ownerId: string },
  share: 'view' | 'use' | null,
): TokenRelation {
  if (person.disabled) return NO_RELATION
  return { owner: token.ownerId === person.id, share, admin: person.role === 'admin' }
}

/** Why a bot key may not fetch a token, or null when it may. */
export type BotDenial = 'unauthenticated' | 'not_found'

export function botKeyDenial(
  key: { revokedAt: number | null; expiresAt: number | null },
  owner: { disabled: boolean } | null,
  relation: TokenRelation | null,
  now: number,
): BotDenial | null {
  if (key.revokedAt !== null) return 'unauthenticated'
  if (key.expiresAt !== null && key.expiresAt <= now) return 'unauthenticated'
  // A disabled or deleted owner's keys stop at once, like their sessions.
  if (!owner || owner.disabled) return 'unauthenticated'
  // Unbound, or the owner lost the right to use it (unshared, downgraded to view).
  if (!relation || !can(relation, 'token.read_value')) return 'not_found'
  return null
}

/** The decision for each token route; the matrix test fails for a route missing here. */
export const TOKEN_ROUTE_ACTIONS: Record<string, TokenAction> = {
  'GET /api/tokens/:id': 'token.read_meta',
  'PATCH /api/tokens/:id': 'token.update',
  'POST /api/tokens/:id/recheck': 'token.update',
  'DELETE /api/tokens/:id': 'token.delete',
  'GET /api/tokens/:id/audit': 'token.read_meta',
  'POST /api/tokens/:id/reveal': 'token.read_value',
  'POST /api/tokens/:id/refresh': 'token.refresh',
  'GET /api/tokens/:id/reconnect': 'token.reconnect',
  'POST /api/tokens/:id/revoke': 'token.revoke',
  'POST /api/tokens/:id/owner': 'token.reassign',
  'GET /api/tokens/:id/shares': 'token.read_shares',
  'POST /api/tokens/:id/shares': 'token.share',
  'DELETE /api/tokens/:id/shares/:userId': 'token.share',
}
