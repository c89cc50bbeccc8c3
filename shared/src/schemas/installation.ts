import { z } from 'zod'
import { HIPCHAT_SCOPES } from './token'

export const hipchatScopeSchema = z.enum(HIPCHAT_SCOPES)
const scopeList = z.array(hipchatScopeSchema).min(1).max(HIPCHAT_SCOPES.length)

export const createAddonInputSchema = z
  .strictObject({
    key: z
      .string()
      .trim()
      .regex(
        /^[a-z0-9][a-z0-9._-]{2,99}$/,
        'lowercase letters, digits, dots, dashes; 3 to 100 characters',
      ),
    name: z.string().trim().min(1).max(100),
    description: z.string().trim().max(500).optional(),
    scopes: scopeList,
    allowGlobal: z.boolean(),
    allowRoom: z.boolean(),
  })
  .refine((v) => v.allowGlobal || v.allowRoom, 'allow a global or a room install (or both)')

export const addonViewSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  scopes: z.array(z.string()),
  allowGlobal: z.boolean(),
  allowRoom: z.boolean(),
  descriptorUrl: z.string(),
  callbackUrl: z.string(),
  installationCount: z.number(),
  createdAt: z.string(),
})
export type AddonView = z.infer<typeof addonViewSchema>

/** HipChat's install POST (docs/hipchat-protocol.md §4.2); ids arrive as numbers or strings. */
export const installCallbackSchema = z.object({
  oauthId: z.string().min(1).max(200),
  oauthSecret: z.string().min(1).max(500),
  capabilitiesUrl: z.string().min(1).max(2000),
  groupId: z.union([z.number().int(), z.string().max(50)]),
  roomId: z
    .union([z.number().int(), z.string().max(50)])
    .optional()
    .nullable(),
})

export const manualInstallationInputSchema = z.strictObject({
  oauthId: z.string().trim().min(1).max(200),
  oauthSecret: z.string().trim().min(1).max(500),
  capabilitiesUrl: z.string().trim().min(1).max(2000),
})

export const installationViewSchema = z.object({
  id: z.string(),
  addonId: z.string().nullable(),
  addonName: z.string().nullable(),
  ownerId: z.string(),
  oauthId: z.string(),
  capabilitiesUrl: z.string(),
  apiUrl: z.string(),
  scopes: z.array(z.string()),
  groupId: z.string().nullable(),
  groupName: z.string().nullable(),
  roomId: z.string().nullable(),
  status: z.enum(['active', 'removed', 'broken']),
  source: z.enum(['callback', 'manual']),
  canConnectUsers: z.boolean(),
  lastError: z.string().nullable(),
  tokenCount: z.number(),
  installedAt: z.string(),
  updatedAt: z.string(),
})
export type InstallationView = z.infer<typeof installationViewSchema>

export const mintInputSchema = z.strictObject({
  scopes: z
    .array(z.string().regex(/^[\w:.-]{1,64}$/))
    .max(50)
    .default([]),
})

export const authorizeQuerySchema = z.object({ scopes: z.string().max(1000).optional() })

export const createProviderInputSchema = z.strictObject({
  name: z.string().trim().min(1).max(100),
  tokenUrl: z.url({ protocol: /^https?$/ }).max(2000),
  authorizationUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  revocationUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  introspectionUrl: z
    .url({ protocol: /^https?$/ })
    .max(2000)
    .optional(),
  clientId: z.string().trim().min(1).max(500),
  clientSecret: z.string().min(1).max(2000),
  clientAuth: z.enum(['client_secret_basic', 'client_secret_post']),
  scopes: z
    .array(z.string().regex(/^[\w:./-]{1,128}$/))
    .max(50)
    .default([]),
})

export const providerViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  tokenUrl: z.string(),
  authorizationUrl: z.string().nullable(),
  revocationUrl: z.string().nullable(),
  introspectionUrl: z.string().nullable(),
  clientId: z.string(),
  clientAuth: z.enum(['client_secret_basic', 'client_secret_post']),
  scopes: z.array(z.string()),
  tokenCount: z.number(),
  createdAt: z.string(),
})
export type ProviderView = z.infer<typeof providerViewSchema>
