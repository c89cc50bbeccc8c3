import { z } from 'zod'
import { idSchema } from './common'

const instant = z.iso.datetime({ offset: true })

export const createBotKeyInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  tokenIds: z.array(idSchema).min(1).max(100),
  /** Must be in the future; null or absent: the key works until revoked. */
  expiresAt: instant.nullable().optional(),
})

export type CreateBotKeyInput = z.infer<typeof createBotKeyInputSchema>

/** The longest grace a replaced key may keep working after a rotation: 30 days. */
export const MAX_ROTATION_GRACE_MINUTES = 30 * 24 * 60

/**
 * A new key with the old key's name and bindings. The old key keeps working for `graceMinutes`
 * (0: it stops at once), then expires.
 */
export const rotateBotKeyInputSchema = z.strictObject({
  graceMinutes: z.number().int().min(0).max(MAX_ROTATION_GRACE_MINUTES),
  /** The new key's expiry; null or absent: until revoked. */
  expiresAt: instant.nullable().optional(),
})
export type RotateBotKeyInput = z.infer<typeof rotateBotKeyInputSchema>

/** The complete list of tokens the key may fetch from now on. */
export const setBotKeyTokensInputSchema = z.strictObject({
  tokenIds: z.array(idSchema).min(1).max(100),
})
export type SetBotKeyTokensInput = z.infer<typeof setBotKeyTokensInputSchema>

export const botKeyViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  keyPrefix: z.string(),
  /** A label only while the key's owner can still see the token; null once they cannot. */
  tokens: z.array(z.object({ id: z.string(), label: z.string().nullable() })),
  expiresAt: z.string().nullable(),
  revokedAt: z.string().nullable(),
  lastUsedAt: z.string().nullable(),
  lastUsedIp: z.string().nullable(),
  createdAt: z.string(),
  /** `suspended`: the owner is disabled; the key answers 401 until they are enabled again. */
  status: z.enum(['active', 'expired', 'revoked', 'suspended']),
  /** The key this one replaced by rotation. */
  rotatedFrom: z.string().nullable(),
  /** The key that replaced this one: it works until `expiresAt` (the grace chosen), then stops. */
  replacedBy: z.string().nullable(),
  /** When a bot call with this key was last refused (see `botKeyFailureSchema`). */
  lastRefusedAt: z.string().nullable(),
})
export type BotKeyView = z.infer<typeof botKeyViewSchema>

/**
 * Why a call with a known key was refused. 401: `key_revoked`, `key_expired`, `owner_disabled`;
 * 404: `token_not_found` (not bound to the key, or its owner may no longer use it); 409:
 * `token_revoked`, `token_needs_reconnect`; 429: `rate_limited`.
 */
export const BOT_REFUSAL_CODES = [
  'key_revoked',
  'key_expired',
  'owner_disabled',
  'token_not_found',
  'token_revoked',
  'token_needs_reconnect',
  'rate_limited',
] as const
export type BotRefusalCode = (typeof BOT_REFUSAL_CODES)[number]

/** A refused bot call, as recorded: never the presented key. */
export const botKeyFailureSchema = z.object({
  at: z.string(),
  status: z.number().int(),
  code: z.string(),
  /** The token id the bot asked for. */
  tokenId: z.string().nullable(),
  ip: z.string().nullable(),
})
export type BotKeyFailureView = z.infer<typeof botKeyFailureSchema>

/** What a bot gets: a current access token, never a refresh token or a client secret. */
export const botAccessSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_at: z.string().nullable(),
  scopes: z.array(z.string()),
})
