import { z } from 'zod'
import { idSchema } from './common'

export const createBotKeyInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  tokenIds: z.array(idSchema).min(1).max(100),
  expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
})

export type CreateBotKeyInput = z.infer<typeof createBotKeyInputSchema>

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
})
export type BotKeyView = z.infer<typeof botKeyViewSchema>

/** What a bot gets: a current access token, never a refresh token or a client secret. */
export const botAccessSchema = z.object({
  access_token: z.string(),
  token_type: z.literal('bearer'),
  expires_at: z.string().nullable(),
  scopes: z.array(z.string()),
})
