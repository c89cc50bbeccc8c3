import { z } from 'zod'
import { idSchema } from './common'

export const NOTIFICATION_TYPES = [
  'expiring',
  'refresh_failed',
  'recovered',
  'needs_reauth',
  'revoked',
  'reassigned',
  'reconnected',
  'password_reset',
] as const

export const notificationViewSchema = z.object({
  id: z.number(),
  type: z.enum(NOTIFICATION_TYPES),
  title: z.string(),
  tokenId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  createdAt: z.string(),
  read: z.boolean(),
})
export type NotificationView = z.infer<typeof notificationViewSchema>

export const markReadInputSchema = z.strictObject({
  ids: z.array(z.number().int().positive()).max(500).optional(),
  all: z.boolean().optional(),
})

export const expiryDaysSchema = z
  .array(z.number().int().min(1).max(365))
  .min(1)
  .max(6)
  .transform((days) => [...new Set(days)].sort((a, b) => b - a))

/** A change to one's alert settings: either part, or both. */
export const alertSettingsSchema = z
  .strictObject({
    expiryDays: expiryDaysSchema.optional(),
    emailAlerts: z.boolean().optional(),
  })
  .refine((s) => s.expiryDays !== undefined || s.emailAlerts !== undefined, {
    message: 'Nothing to change',
  })

export const alertSettingsViewSchema = z.object({
  expiryDays: z.array(z.number()),
  /** The person's choice: alerts by email too. */
  emailAlerts: z.boolean(),
  /** Whether this server sends email at all (TOKENDESK_SMTP_URL). */
  emailAvailable: z.boolean(),
})
export type AlertSettingsView = z.infer<typeof alertSettingsViewSchema>

export const createWebhookInputSchema = z.strictObject({
  url: z.url({ protocol: /^https?$/ }).max(2000),
  secret: z.string().min(16).max(200).optional(),
})

export const webhookViewSchema = z.object({
  id: z.string(),
  url: z.string(),
  createdAt: z.string(),
  delivered: z.number(),
  failed: z.number(),
  pending: z.number(),
})
export type WebhookView = z.infer<typeof webhookViewSchema>

export const deliveryParamSchema = z.object({
  id: idSchema,
  deliveryId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
})

/** What the receiver made of a test event, sent while the person waits. */
export const webhookTestResultSchema = z.object({
  ok: z.boolean(),
  /** The receiver's HTTP status; null when it never answered. */
  status: z.number().nullable(),
  error: z.string().nullable(),
  durationMs: z.number(),
})
export type WebhookTestResult = z.infer<typeof webhookTestResultSchema>

export const deliveryViewSchema = z.object({
  id: z.number(),
  notificationId: z.number(),
  title: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number(),
  lastStatus: z.number().nullable(),
  lastError: z.string().nullable(),
  nextAttemptAt: z.string().nullable(),
  createdAt: z.string(),
  deliveredAt: z.string().nullable(),
})
export type DeliveryView = z.infer<typeof deliveryViewSchema>
