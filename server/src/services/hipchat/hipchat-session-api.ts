import { z } from 'zod'
import type { HttpClient } from '../../app-env'

/** `GET {api}/oauth/token/{token}` as HipChat answered it (scala-hipchat Session, omniauth-hipchat). */
const sessionSchema = z.object({
  access_token: z.string().optional(),
  expires_in: z.number().optional(),
  scopes: z.array(z.string()).default([]),
  owner_type: z.string().optional(),
  owner: z.object({ id: z.union([z.number(), z.string()]), name: z.string().optional() }).nullish(),
  client: z
    .object({
      id: z.union([z.number(), z.string()]).optional(),
      room: z
        .object({ id: z.union([z.number(), z.string()]), name: z.string().optional() })
        .nullish(),
    })
    .nullish(),
})

export type ProviderSession = z.infer<typeof sessionSchema>

export type SessionLookup =
  | { kind: 'ok'; session: ProviderSession }
  | { kind: 'invalid' }
  | { kind: 'unavailable'; reason: string }

export function apiBase(providerUrl: string) {
  return providerUrl.endsWith('/') ? providerUrl : `${providerUrl}/`
}

function sessionUrl(providerUrl: string, token: string) {
  return `${apiBase(providerUrl)}oauth/token/${encodeURIComponent(token)}`
}

export async function lookupSession(
  http: HttpClient,
  providerUrl: string,
  token: string,
): Promise<SessionLookup> {
  let res: Awaited<ReturnType<HttpClient>>
  try {
    res = await http(sessionUrl(providerUrl, token), {
      headers: { authorization: `Bearer ${token}` },
    })
  } catch (err) {
    return { kind: 'unavailable', reason: (err as Error).message }
  }
  if (res.status === 401 || res.status === 404) return { kind: 'invalid' }
  if (res.status !== 200) return { kind: 'unavailable', reason: `provider answered ${res.status}` }
  try {
    return { kind: 'ok', session: sessionSchema.parse(JSON.parse(res.text)) }
  } catch {
    return { kind: 'unavailable', reason: 'provider sent an unreadable session' }
  }
}

export type RevokeResult = {
  provider: 'revoked' | 'already_invalid' | 'unreachable' | 'error'
  status: number | null
}

/** `DELETE {api}/oauth/token/{token}`: 204 means revoked; 401 means it was already invalid. */
export async function revokeSession(
  http: HttpClient,
  providerUrl: string,
  token: string,
): Promise<RevokeResult> {
  try {
    const res = await http(sessionUrl(providerUrl, token), {
      method: 'DELETE',
      headers: { authorization: `Bearer ${token}` },
    })
    if (res.status === 204 || res.status === 200) return { provider: 'revoked', status: res.status }
    if (res.status === 401 || res.status === 404)
      return { provider: 'already_invalid', status: res.status }
    return { provider: 'error', status: res.status }
  } catch {
    return { provider: 'unreachable', status: null }
  }
}
