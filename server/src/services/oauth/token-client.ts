import { z } from 'zod'
import type { HttpClient } from '../../app-env'
import { OutboundError } from '../../lib/outbound/guarded-fetch'

export type ClientAuth = 'client_secret_basic' | 'client_secret_post'

export type TokenRequest = {
  tokenUrl: string
  clientId: string
  clientSecret: string
  clientAuth: ClientAuth
  params: Record<string, string>
}

export type TokenSet = {
  accessToken: string
  refreshToken: string | null
  expiresIn: number | null
  scope: string[] | null
  groupId: string | null
  groupName: string | null
}

/** Why a token request failed, in the terms the refresh engine acts on. */
export type TokenFailure =
  | { kind: 'invalid_grant'; message: string }
  | { kind: 'invalid_client'; message: string }
  | { kind: 'retryable'; message: string; retryAfterMs: number | null; timeout: boolean }
  | { kind: 'malformed'; message: string }
  | { kind: 'rejected'; message: string; status: number }

export type TokenResult = { ok: true; tokens: TokenSet } | { ok: false; failure: TokenFailure }

const successSchema = z.object({
  access_token: z.string().min(1).max(4096),
  token_type: z.string().optional(),
  refresh_token: z.string().min(1).max(4096).optional(),
  expires_in: z.coerce.number().nonnegative().optional(),
  scope: z.string().optional(),
  group_id: z.union([z.number(), z.string()]).optional(),
  group_name: z.string().optional(),
})

/** RFC 6749 §5.2 `{error, error_description}` and HipChat's `{error:{code,message,type}}`. */
function describeError(body: unknown): { code: string | null; message: string } {
  if (body && typeof body === 'object' && 'error' in body) {
    const err = (body as { error: unknown }).error
    if (typeof err === 'string') {
      const desc = (body as { error_description?: unknown }).error_description
      return { code: err, message: typeof desc === 'string' ? `${err}: ${desc}` : err }
    }
    if (err && typeof err === 'object') {
      const e = err as { type?: unknown; message?: unknown }
      const message = typeof e.message === 'string' ? e.message : 'provider error'
      const code = typeof e.type === 'string' ? e.type : null
      const fromMessage =
        /^(invalid_grant|invalid_client|invalid_scope|unauthorized_client)\b/.exec(message)?.[1]
      return { code: fromMessage ?? code, message }
    }
  }
  return { code: null, message: 'provider error' }
}

function retryAfterMs(header: string | null) {
  if (!header) return null
  const seconds = Number(header)
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000)
  const at = Date.parse(header)
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now())
}

const parseJson = (text: string): unknown => {
  try {
    return JSON.parse(text)
  } catch {
    return undefined
  }
}

/** Providers sometimes echo what they were sent; never let a secret ride along in a message. */
function scrubber(req: TokenRequest) {
  const basic = Buffer.from(
    `${encodeURIComponent(req.clientId)}:${encodeURIComponent(req.clientSecret)}`,
  ).toString('base64')
  const secrets = [
    req.clientSecret,
    basic,
    ...['refresh_token', 'code', 'code_verifier', 'client_secret'].map((k) => req.params[k]),
  ].filter((v): v is string => typeof v === 'string' && v.length >= 4)
  return (text: string) =>
    secrets.reduce((out, s) => out.split(s).join('[redacted]'), text).slice(0, 500)
}

/** One token-endpoint call, classified. Never throws; never returns partial tokens. */
export async function requestToken(http: HttpClient, req: TokenRequest): Promise<TokenResult> {
  const result = await exchangeOnce(http, req)
  if (result.ok) return result
  const scrub = scrubber(req)
  return { ok: false, failure: { ...result.failure, message: scrub(result.failure.message) } }
}

async function exchangeOnce(http: HttpClient, req: TokenRequest): Promise<TokenResult> {
  const params = new URLSearchParams(req.params)
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  }
  if (req.clientAuth === 'client_secret_basic') {
    // RFC 6749 §2.3.1: form-encode each part before joining.
    const user = encodeURIComponent(req.clientId)
    const pass = encodeURIComponent(req.clientSecret)
    headers.authorization = `Basic ${Buffer.from(`${user}:${pass}`).toString('base64')}`
  } else {
    params.set('client_id', req.clientId)
    params.set('client_secret', req.clientSecret)
  }
  let res: Awaited<ReturnType<HttpClient>>
  try {
    res = await http(req.tokenUrl, { method: 'POST', headers, body: params.toString() })
  } catch (err) {
    const reason = err instanceof OutboundError ? err.reason : 'network'
    if (reason === 'timeout' || reason === 'network') {
      return {
        ok: false,
        failure: {
          kind: 'retryable',
          message: `provider ${reason}`,
          retryAfterMs: null,
          timeout: reason === 'timeout',
        },
      }
    }
    return { ok: false, failure: { kind: 'rejected', message: (err as Error).message, status: 0 } }
  }
  const body = parseJson(res.text)
  if (res.status === 429 || res.status >= 500) {
    return {
      ok: false,
      failure: {
        kind: 'retryable',
        message: `provider answered ${res.status}`,
        retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
        timeout: false,
      },
    }
  }
  if (res.status >= 400) {
    const { code, message } = describeError(body)
    if (code === 'invalid_grant') return { ok: false, failure: { kind: 'invalid_grant', message } }
    if (code === 'invalid_client' || res.status === 401)
      return { ok: false, failure: { kind: 'invalid_client', message } }
    return { ok: false, failure: { kind: 'rejected', message, status: res.status } }
  }
  const parsed = successSchema.safeParse(body)
  if (res.status !== 200 || !parsed.success) {
    return {
      ok: false,
      failure: {
        kind: 'malformed',
        message: `provider sent an unusable answer (HTTP ${res.status})`,
      },
    }
  }
  const t = parsed.data
  return {
    ok: true,
    tokens: {
      accessToken: t.access_token,
      refreshToken: t.refresh_token ?? null,
      expiresIn: t.expires_in ?? null,
      scope: t.scope !== undefined ? t.scope.split(/\s+/).filter(Boolean) : null,
      groupId: t.group_id !== undefined ? String(t.group_id) : null,
      groupName: t.group_name ?? null,
    },
  }
}
