import { z } from 'zod'
import { displayNameSchema, emailSchema, passwordSchema } from './common'
import { roleSchema } from './user'

export const createInviteInputSchema = z.strictObject({
  email: emailSchema,
  name: displayNameSchema,
  role: roleSchema.default('owner'),
})
export type CreateInviteInput = z.input<typeof createInviteInputSchema>

/** A link not used yet: pending until `expiresAt`, then expired until revoked. */
export const inviteSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  createdAt: z.string(),
  expiresAt: z.string(),
  invitedBy: z.string().nullable(),
})
export type Invite = z.infer<typeof inviteSchema>

/** The one-time link travels in the URL fragment; the page sends it in a request body only. */
const inviteTokenSchema = z.string().min(1).max(200)

export const inviteTokenInputSchema = z.strictObject({ token: inviteTokenSchema })

export const acceptInviteInputSchema = z.strictObject({
  token: inviteTokenSchema,
  /** The person may correct the name the admin typed. */
  name: displayNameSchema.optional(),
  password: passwordSchema,
})
export type AcceptInviteInput = z.input<typeof acceptInviteInputSchema>
