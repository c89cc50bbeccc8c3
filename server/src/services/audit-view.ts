import type { AuditEvent, ListAuditQuery } from '@tokendesk/shared/schemas/audit'
import { and, desc, eq, gte, ilike, like, lt, lte, or, type SQL } from 'drizzle-orm'
import type { SessionUser } from '../app-env'
import { type Db, dialectOf } from '../db/client'
import { auditEvents, botKeys, users } from '../db/schema'

/** Audit events newest first, keyset-paged on id, with the actor's email joined in. */
export async function listAuditEvents(
  db: Db,
  q: Partial<ListAuditQuery> & { limit: number },
  scope?: SQL,
) {
  // SQLite's `like` ignores ASCII case; PostgreSQL's needs `ilike` for the same answer.
  const prefix = dialectOf(db) === 'pg' ? ilike : like
  const rows = await db
    .select({
      e: auditEvents,
      actorEmail: users.email,
      personName: users.name,
      keyName: botKeys.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .leftJoin(
      botKeys,
      and(eq(auditEvents.actorType, 'bot_key'), eq(botKeys.id, auditEvents.actorId)),
    )
    .where(
      and(
        scope,
        q.actor
          ? or(eq(auditEvents.actorId, q.actor), eq(users.email, q.actor.toLowerCase()))
          : undefined,
        q.action ? prefix(auditEvents.action, `${q.action.replace(/[%_]/g, '')}%`) : undefined,
        q.targetType ? eq(auditEvents.targetType, q.targetType) : undefined,
        q.from ? gte(auditEvents.at, Date.parse(q.from)) : undefined,
        q.to ? lte(auditEvents.at, Date.parse(q.to)) : undefined,
        q.cursor ? lt(auditEvents.id, q.cursor) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(q.limit + 1)
  const page = rows.slice(0, q.limit)
  const items: AuditEvent[] = page.map(({ e, actorEmail, personName, keyName }) => ({
    id: e.id,
    at: new Date(e.at).toISOString(),
    actorId: e.actorId,
    actorEmail,
    actorType: e.actorType ?? (e.actorId ? 'person' : null),
    actorName: e.actorType === 'bot_key' ? keyName : personName,
    action: e.action,
    targetType: e.targetType,
    targetId: e.targetId,
    ownerId: e.ownerId,
    ip: e.ip,
    userAgent: e.userAgent,
    detail: e.detail ? (JSON.parse(e.detail) as Record<string, unknown>) : null,
  }))
  const last = page.at(-1)
  return { items, nextCursor: rows.length > q.limit && last ? String(last.e.id) : null }
}

/** The audit log as `viewer` may read it: owners see their own tokens and account, admins all. */
export async function listAuditFor(
  db: Db,
  viewer: SessionUser,
  q: Partial<ListAuditQuery> & { limit: number },
) {
  return listAuditEvents(
    db,
    q,
    viewer.role === 'admin' ? undefined : eq(auditEvents.ownerId, viewer.id),
  )
}
