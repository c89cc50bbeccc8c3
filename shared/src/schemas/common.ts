import { z } from 'zod'

export const idSchema = z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'invalid id')
export const idParamSchema = z.object({ id: idSchema })

export const emailSchema = z
  .string()
  .trim()
  .min(3)
  .max(254)
  .pipe(z.email())
  .transform((email) => email.toLowerCase())

/** NIST 800-63B: length over composition rules; the upper bound keeps hashing cheap. */
export const passwordSchema = z.string().min(10, 'at least 10 characters').max(256)

export const displayNameSchema = z.string().trim().min(1).max(100)

export const cursorQuerySchema = z.object({
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
})

export function page<T extends z.ZodType>(item: T) {
  return z.object({ items: z.array(item), nextCursor: z.string().nullable() })
}
