import { z } from 'zod'
import { isLoopbackHostname } from './config'
import type { Scope } from './scopes'
import { parseScopes } from './scopes'

const schema = z.object({
  key: z.string().optional(),
  name: z.string().optional(),
  capabilities: z.object({
    hipchatApiConsumer: z.object({ scopes: z.array(z.string()).optional() }).optional(),
    installable: z.object({
      callbackUrl: z.string(),
      allowGlobal: z.boolean().optional(),
      allowRoom: z.boolean().optional(),
    }),
  }),
})

export interface AddonDescriptor {
  key: string
  name: string
  scopes: Scope[]
  callbackUrl: string
  allowGlobal: boolean
  allowRoom: boolean
}

export type DescriptorResult =
  | { ok: true; descriptor: AddonDescriptor }
  | { ok: false; message: string }

export function readDescriptor(json: unknown): DescriptorResult {
  const parsed = schema.safeParse(json)
  if (!parsed.success) {
    return { ok: false, message: `Invalid add-on descriptor: ${z.prettifyError(parsed.error)}` }
  }
  const { key, name, capabilities } = parsed.data
  const scopes = parseScopes(capabilities.hipchatApiConsumer?.scopes ?? [])
  if (!scopes.ok) {
    return {
      ok: false,
      message: `Descriptor asks for unknown scope(s): ${scopes.unknown.join(', ')}`,
    }
  }
  const { callbackUrl } = capabilities.installable
  const urlProblem = loopbackUrlProblem(callbackUrl)
  if (urlProblem) return { ok: false, message: `installable.callbackUrl ${urlProblem}` }
  return {
    ok: true,
    descriptor: {
      key: key ?? 'unknown.addon',
      name: name ?? key ?? 'Unnamed add-on',
      scopes: scopes.scopes,
      callbackUrl,
      allowGlobal: capabilities.installable.allowGlobal ?? true,
      allowRoom: capabilities.installable.allowRoom ?? true,
    },
  }
}

/** The emulator only ever talks to loopback; anything else is refused before any request. */
export function loopbackUrlProblem(value: string): string | undefined {
  let url: URL
  try {
    url = new URL(value)
  } catch {
    return 'is not an absolute URL'
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return 'must be http(s)'
  if (!isLoopbackHostname(url.hostname)) {
    return 'must point at 127.0.0.1 or localhost (the emulator never contacts other hosts)'
  }
  return undefined
}
