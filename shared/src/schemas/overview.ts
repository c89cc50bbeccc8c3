import { z } from 'zod'
import { auditEventSchema } from './audit'
import { tokenKindSchema, tokenStatusSchema } from './token'

/** A new admin's first steps, each ticked from what they own (see the overview's checklist). */
export const gettingStartedSchema = z.object({
  /** They own at least one token. */
  token: z.boolean(),
  /** They registered an add-on or an installation. */
  addon: z.boolean(),
  /** They created a bot key (revoked or expired ones count: they know how). */
  botKey: z.boolean(),
})
export type GettingStarted = z.infer<typeof gettingStartedSchema>

export const overviewSchema = z.object({
  now: z.string(),
  counts: z.record(tokenStatusSchema, z.number()),
  total: z.number(),
  thresholds: z.object({
    longLivedDays: z.number(),
    shortLivedMinutes: z.number(),
    alertDays: z.array(z.number()),
  }),
  timeline: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind: tokenKindSchema,
      status: tokenStatusSchema,
      expiresAt: z.string(),
    }),
  ),
  timelineTruncated: z.boolean(),
  refreshHealth: z.array(
    z.object({ hour: z.string(), succeeded: z.number(), failed: z.number(), retried: z.number() }),
  ),
  failing: z.array(
    z.object({
      id: z.string(),
      label: z.string(),
      kind: tokenKindSchema,
      status: tokenStatusSchema,
      lastError: z.string().nullable(),
      failingSince: z.string().nullable(),
    }),
  ),
  activity: z.array(auditEventSchema),
  /** Providers whose circuit is open: nobody calls them until the cool-down ends. */
  failingProviders: z.array(
    z.object({
      origin: z.string(),
      /** half_open: one test call is checking whether the provider has recovered. */
      state: z.enum(['open', 'half_open']),
      failures: z.number(),
      openUntil: z.string().nullable(),
      lastError: z.string().nullable(),
    }),
  ),
  /** Admins only (absent for everyone else): what they have set up so far. */
  gettingStarted: gettingStartedSchema.optional(),
})
export type Overview = z.infer<typeof overviewSchema>
