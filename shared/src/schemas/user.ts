import { z } from 'zod'
import { displayNameSchema, emailSchema, passwordSchema } from './common'

export const ROLES = ['admin', 'owner'] as const
export const roleSchema = z.enum(ROLES)
export type Role = z.infer<typeof roleSchema>

export const userSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string(),
  role: roleSchema,
  disabled: z.boolean(),
  /** An admin chose the password: until the person picks their own, nothing else answers. */
  mustChangePassword: z.boolean().optional(),
  createdAt: z.string(),
})
export type User = z.infer<typeof userSchema>

export const loginInputSchema = z.strictObject({
  email: z.string().trim().toLowerCase().min(1).max(254),
  password: z.string().min(1).max(256),
})

export const setupInputSchema = z.strictObject({
  setupToken: z.string().min(1).max(200),
  email: emailSchema,
  name: displayNameSchema,
  password: passwordSchema,
})

export const createUserInputSchema = z.strictObject({
  email: emailSchema,
  name: displayNameSchema,
  password: passwordSchema,
  role: roleSchema.default('owner'),
  // Off unless asked for: scripts that create accounts predate the flag. The People form sends it.
  mustChangePassword: z.boolean().default(false),
})
export type CreateUserInput = z.input<typeof createUserInputSchema>

export const patchUserInputSchema = z
  .strictObject({ role: roleSchema.optional(), disabled: z.boolean().optional() })
  .refine((v) => v.role !== undefined || v.disabled !== undefined, 'nothing to change')

/** An admin setting someone's password; they change it at next sign-in unless told otherwise. */
export const resetPasswordInputSchema = z.strictObject({
  password: passwordSchema,
  mustChangePassword: z.boolean().default(true),
})
export type ResetPasswordInput = z.input<typeof resetPasswordInputSchema>

export const changePasswordInputSchema = z.strictObject({
  currentPassword: z.string().min(1).max(256),
  newPassword: passwordSchema,
})

export const setupStatusSchema = z.object({ needed: z.boolean() })

export const reauthInputSchema = z.strictObject({ password: z.string().min(1).max(256) })
