import { z } from 'zod'
import { idSchema } from './common'

export const TOKEN_KINDS = ['addon', 'user', 'personal', 'notification', 'oauth'] as const
export const tokenKindSchema = z.enum(TOKEN_KINDS)
export type TokenKind = z.infer<typeof tokenKindSchema>

export const TOKEN_STATUSES = [
  'valid',
  'expiring',
  'expired',
  'needs_reauth',
  'revoked',
  'unknown_expiry',
] as const
export const tokenStatusSchema = z.enum(TOKEN_STATUSES)
export type TokenStatus = z.infer<typeof tokenStatusSchema>

export const HIPCHAT_SCOPES = [
  'admin_group',
  'admin_room',
  'import_data',
  'manage_rooms',
  'send_message',
  'send_notification',
  'view_group',
  'view_messages',
  'view_room',
] as const

export const DEFAULT_PROVIDER_URL = 'https://api.hipchat.com/v2/'

export const accessLevelSchema = z.enum(['owner', 'use', 'view', 'admin'])
export type AccessLevel = z.infer<typeof accessLevelSchema>

/** What someone may do with a token; the server's policy decides, the browser only reads it. */
export const TOKEN_ACTIONS = [
  'token.read_meta',
  'token.read_value',
  'token.bind_key',
  'token.refresh',
  'token.reconnect',
  'token.update',
  'token.delete',
  'token.revoke',
  'token.reassign',
  'token.share',
  'token.read_shares',
  'token.read_audit',
] as const
export const tokenActionSchema = z.enum(TOKEN_ACTIONS)
export type TokenAction = z.infer<typeof tokenActionSchema>

/** The only shape of a token that reaches a browser: metadata, never a value or ciphertext. */
export const tokenViewSchema = z.object({
  id: z.string(),
  kind: tokenKindSchema,
  label: z.string(),
  scopes: z.array(z.string()),
  /** The effective expiry: what alerts and the status use. */
  expiresAt: z.string().nullable(),
  /** What the provider last reported, kept when the owner sets the expiry by hand. */
  providerExpiresAt: z.string().nullable(),
  /** The owner set `expiresAt` by hand; it may differ from `providerExpiresAt`. */
  expiryManual: z.boolean(),
  refreshExpiresAt: z.string().nullable(),
  status: tokenStatusSchema,
  ownerId: z.string(),
  /** Bumped by every refresh; send it back with a refresh to mean "renew what I saw". */
  generation: z.number().int(),
  ownerName: z.string(),
  ownerEmail: z.string(),
  access: accessLevelSchema,
  /** The actions the caller may take, from the server's policy. */
  allowed: z.array(tokenActionSchema),
  providerUrl: z.string(),
  installationId: z.string().nullable(),
  groupName: z.string().nullable(),
  roomId: z.string().nullable(),
  roomName: z.string().nullable(),
  providerUser: z.object({ id: z.string(), name: z.string() }).nullable(),
  verified: z.boolean(),
  refreshable: z.boolean(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  lastRefreshedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  nextRefreshAt: z.string().nullable(),
  /** The provider has not yet confirmed a revocation; Token Desk keeps asking. */
  revocationPending: z.boolean(),
  revocationLastTriedAt: z.string().nullable(),
})
export type TokenView = z.infer<typeof tokenViewSchema>

const hasControlChars = (v: string) =>
  [...v].some((ch) => ch.charCodeAt(0) < 0x20 || ch.charCodeAt(0) === 0x7f)

export const tokenValueSchema = z
  .string()
  .trim()
  .min(1, 'paste the token value')
  .max(4096, 'token values are at most 4 KB')
  .refine((v) => !hasControlChars(v), 'the value contains control characters')

export const tokenLabelSchema = z.string().trim().min(1).max(200)

export const providerUrlSchema = z.url({ protocol: /^https?$/ }).max(500)

export const createTokenInputSchema = z.strictObject({
  kind: z.enum(['personal', 'notification']),
  label: tokenLabelSchema,
  value: tokenValueSchema,
  providerUrl: providerUrlSchema.optional(),
  /** Store it even if the provider cannot vouch for it (untrusted or unreachable). */
  allowUnverified: z.boolean().optional(),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  scopes: z
    .array(z.string().regex(/^[\w:.-]{1,64}$/))
    .max(50)
    .optional(),
})
export type CreateTokenInput = z.infer<typeof createTokenInputSchema>

export const patchTokenInputSchema = z
  .strictObject({
    label: tokenLabelSchema.optional(),
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
    /** Drop a manual expiry and go back to what the provider reported. */
    expiryFromProvider: z.literal(true).optional(),
  })
  .refine(
    (v) => v.label !== undefined || v.expiresAt !== undefined || v.expiryFromProvider,
    'nothing to change',
  )
  .refine((v) => !(v.expiresAt !== undefined && v.expiryFromProvider), {
    message: 'set an expiry or go back to the provider’s, not both',
    path: ['expiresAt'],
  })
export type PatchTokenInput = z.infer<typeof patchTokenInputSchema>

/** Ask the provider again, optionally at a new API base; unverifiable only when said so. */
export const recheckTokenInputSchema = z.strictObject({
  providerUrl: providerUrlSchema.optional(),
  allowUnverified: z.boolean().optional(),
})
export type RecheckTokenInput = z.infer<typeof recheckTokenInputSchema>

export const TOKEN_SORTS = ['expiry', 'label', 'created'] as const

export const listTokensQuerySchema = z.object({
  kind: tokenKindSchema.optional(),
  status: tokenStatusSchema.optional(),
  scope: z.enum(['mine', 'shared', 'all']).optional(),
  q: z.string().trim().max(200).optional(),
  sort: z.enum(TOKEN_SORTS).default('expiry'),
  cursor: z.string().max(300).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})
export type ListTokensQuery = z.infer<typeof listTokensQuerySchema>

export const revealInputSchema = z.strictObject({
  purpose: z.enum(['reveal', 'copy']).default('reveal'),
})

export const shareInputSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  access: z.enum(['view', 'use']),
})
export type ShareInput = z.infer<typeof shareInputSchema>

export const shareViewSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string(),
  access: z.enum(['view', 'use']),
  createdAt: z.string(),
})
export type ShareView = z.infer<typeof shareViewSchema>

export const shareParamSchema = z.object({ id: idSchema, userId: idSchema })

/** Break glass: the admin says why; the previous owner is told, and the audit keeps the reason. */
export const reassignInputSchema = z.strictObject({
  email: z.string().trim().toLowerCase().pipe(z.email()),
  reason: z.string().trim().min(3, 'say why the token changes hands').max(500),
})

/** The generation the caller saw: a refresh that someone else already made is not repeated. */
export const refreshInputSchema = z.strictObject({
  generation: z.number().int().min(0).optional(),
})

export const deleteResultSchema = z.object({
  deleted: z.literal(true),
  provider: z.enum(['revoked', 'already_invalid', 'unreachable', 'error', 'skipped']),
  providerStatus: z.number().nullable(),
  /** The provider could not be reached; the revocation is queued and retried. */
  revocationQueued: z.boolean(),
})
