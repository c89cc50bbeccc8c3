import { z } from 'zod'

const envSchema = z.object({
  // Same-origin only: the session cookie and the server's Origin check both depend on it.
  VITE_API_BASE: z
    .string()
    .regex(/^\/(?!\/)/, 'must be a same-origin path such as /api')
    .default('/api'),
  DEV: z.boolean(),
})

const parsed = envSchema.parse(import.meta.env)

export const env = {
  apiBase: parsed.VITE_API_BASE,
  isDev: parsed.DEV,
}
