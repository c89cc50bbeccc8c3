import type { DbLike } from '../db/client'
import { auditEvents } from '../db/schema'

export type AuditActorType = 'person' | 'bot_key' | 'refresher' | 'system'

export type AuditInput = {
  at: number
  actorId: string | null
  /** Defaults to a person when actorId is set, else the system. */
  actorType?: AuditActorType
  action: string
  targetType?: string
  targetId?: string
  ownerId?: string | null
  ip?: string | null
  userAgent?: string | null
  detail?: Record<string, unknown>
}

/** Audit rows carry metadata only; callers pass fingerprints, never secret values. */
export async function recordAudit(db: DbLike, e: AuditInput): Promise<void> {
  await db.insert(auditEvents).values({
    at: e.at,
    actorId: e.actorId,
    actorType: e.actorType ?? (e.actorId ? 'person' : 'system'),
    action: e.action,
    targetType: e.targetType ?? null,
    targetId: e.targetId ?? null,
    ownerId: e.ownerId ?? null,
    ip: e.ip ?? null,
    userAgent: e.userAgent ?? null,
    detail: e.detail ? JSON.stringify(e.detail) : null,
  })
}
