import { z } from 'zod'

/** A provider API base this server will ask about pasted tokens. */
export const trustedProviderSchema = z.object({
  label: z.string(),
  apiBase: z.string(),
  source: z.enum(['config', 'installation']),
})
export type TrustedProvider = z.infer<typeof trustedProviderSchema>

export const trustedProvidersSchema = z.object({ items: z.array(trustedProviderSchema) })
