import type { DbLike } from '../db/client'
import { auditEvents } from '../db/schema'
import { requestContext } from '../lib/request-context'

export type AuditInput = {
  at: number
  actorId: string | null
  action: string
  targetType?: string
  targetId?: string
  ownerId?: string | null
  ip?: string | null
  detail?: Record<string, unknown>
}

/** Audit rows carry metadata only; callers pass fingerprints, never secret values. */
export function recordAudit(db: DbLike, e: AuditInput) {
  const context = requestContext.getStore()
  db.insert(auditEvents)
    .values({
      at: e.at,
      actorId: e.actorId,
      action: e.action,
      targetType: e.targetType ?? null,
      targetId: e.targetId ?? null,
      ownerId: e.ownerId ?? null,
      ip: e.ip ?? context?.ip ?? null,
      userAgent: context?.userAgent ?? null,
      detail: e.detail ? JSON.stringify(e.detail) : null,
    })
    .run()
}
