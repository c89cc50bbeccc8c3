import { and, eq, inArray, or } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { auditEvents } from '../../db/schema'
import { listAuditEvents } from '../audit-view'

/** What happened to the token itself: a sharee may see these, without who did them or from where. */
export const LIFECYCLE_ACTIONS = [
  'token.created',
  'token.updated',
  'token.refreshed',
  'token.refresh_failed',
  'token.needs_reauth',
  'token.reconnected',
  'token.revoked',
  'token.revocation_confirmed',
  'token.revocation_given_up',
]

/**
 * A token's history. The owner and admins see all of it; a sharee (`viewerId`) sees their own
 * actions, and the lifecycle events with the actor, address and details of others removed, so
 * other sharees' emails, the owner's IP and user agent and bot key ids stay private.
 */
export async function tokenAuditFor(db: Db, tokenId: string, viewerId: string | null) {
  const onToken = and(eq(auditEvents.targetType, 'token'), eq(auditEvents.targetId, tokenId))
  if (viewerId === null) return await listAuditEvents(db, { limit: 100 }, onToken)
  const scope = and(
    onToken,
    or(eq(auditEvents.actorId, viewerId), inArray(auditEvents.action, LIFECYCLE_ACTIONS)),
  )
  const page = await listAuditEvents(db, { limit: 100 }, scope)
  return {
    ...page,
    items: page.items.map((e) =>
      e.actorId === viewerId
        ? e
        : {
            ...e,
            actorId: null,
            actorEmail: null,
            actorName: null,
            ip: null,
            userAgent: null,
            detail: null,
          },
    ),
  }
}
