import { z } from 'zod'

export const NOTIFICATION_TYPES = [
  'expiring',
  'refresh_failed',
  'recovered',
  'needs_reauth',
  'revoked',
  'reassigned',
  'reconnected',
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

export const alertSettingsSchema = z.strictObject({
  expiryDays: z
    .array(z.number().int().min(1).max(365))
    .min(1)
    .max(6)
    .transform((days) => [...new Set(days)].sort((a, b) => b - a)),
})

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
