import { z } from 'zod'

export const auditEventSchema = z.object({
  id: z.number(),
  at: z.string(),
  actorId: z.string().nullable(),
  actorEmail: z.string().nullable(),
  /** A person, a bot key (actorId is the key's id), the background refresher, or the system. */
  actorType: z.enum(['person', 'bot_key', 'refresher', 'system']).nullable(),
  /** The person's name or the bot key's name, for "Refreshed by Owen" / "by bot key deploy-bot". */
  actorName: z.string().nullable(),
  action: z.string(),
  targetType: z.string().nullable(),
  targetId: z.string().nullable(),
  /**
   * The target's name (a token's label, a bot key's or person's name…) when the viewer may see
   * that thing now; null for a deleted one or one they may not see. Absent from older answers.
   */
  targetName: z.string().nullable().optional(),
  ownerId: z.string().nullable(),
  ip: z.string().nullable(),
  userAgent: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
})
export type AuditEvent = z.infer<typeof auditEventSchema>

export const listAuditQuerySchema = z.object({
  actor: z.string().trim().max(254).optional(),
  action: z.string().trim().max(64).optional(),
  targetType: z.string().trim().max(32).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type ListAuditQuery = z.infer<typeof listAuditQuerySchema>

export const AUDIT_EXPORT_FORMATS = ['csv', 'jsonl'] as const

/** The list's filters (no paging: the export walks every page) and the file format. */
export const exportAuditQuerySchema = listAuditQuerySchema
  .omit({ cursor: true, limit: true })
  .extend({ format: z.enum(AUDIT_EXPORT_FORMATS).default('csv') })
export type ExportAuditQuery = z.infer<typeof exportAuditQuerySchema>
