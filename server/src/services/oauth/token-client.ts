import { z } from 'zod'
import type { HttpClient } from '../../app-env'
import { OutboundError, type OutboundReason } from '../../lib/outbound/guarded-fetch'
import { createScrubber, type Scrubber } from '../../lib/scrub-secrets'

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

/**
 * The fixed reasons a token request fails for. Provider bodies are never stored: a failure keeps
 * its reason, the HTTP status and at most a short, scrubbed excerpt of the provider's own
 * `error` / `error_description` (providers echo what they were sent, secrets included).
 */
export type FailureReason =
  | 'invalid_grant'
  | 'invalid_client'
  | 'invalid_request'
  | 'invalid_scope'
  | 'unauthorized_client'
  | 'unsupported_grant_type'
  | 'rejected'
  | 'rate_limited'
  | 'server_error'
  | 'malformed_response'
  | 'timeout'
  | 'unreachable'
  | 'refused'

type Classified = { reason: FailureReason; status: number | null }

/** Why a token request failed, in the terms the refresh engine acts on. */
export type TokenFailure = (
  | { kind: 'invalid_grant'; message: string }
  | { kind: 'invalid_client'; message: string }
  | { kind: 'retryable'; message: string; retryAfterMs: number | null; timeout: boolean }
  | { kind: 'malformed'; message: string }
  | { kind: 'rejected'; message: string; status: number }
) &
  Partial<Classified>

/** What `requestToken` returns: always classified, its message safe to store and show. */
export type ClassifiedFailure = TokenFailure & Classified

export type TokenResult = { ok: true; tokens: TokenSet } | { ok: false; failure: ClassifiedFailure }

const successSchema = z.object({
  access_token: z.string().min(1).max(4096),
  token_type: z.string().optional(),
  refresh_token: z.string().min(1).max(4096).optional(),
  expires_in: z.coerce.number().nonnegative().optional(),
  scope: z.string().optional(),
  group_id: z.union([z.number(), z.string()]).optional(),
  group_name: z.string().optional(),
})

/** RFC 6749 §5.2 codes (and HipChat's `error.type`) taken as a reason; any other text is an excerpt. */
const OAUTH_CODES = new Set([
  'invalid_request',
  'invalid_client',
  'invalid_grant',
  'unauthorized_client',
  'unsupported_grant_type',
  'invalid_scope',
  'access_denied',
  'server_error',
  'temporarily_unavailable',
  'slow_down',
])

/** RFC 6749 §5.2 `{error, error_description}` and HipChat's `{error:{code,message,type}}`. */
function describeError(body: unknown): { code: string | null; text: string } {
  if (!body || typeof body !== 'object' || !('error' in body)) return { code: null, text: '' }
  const err = (body as { error: unknown }).error
  const str = (v: unknown) => (typeof v === 'string' ? v : '')
  if (typeof err === 'string') {
    const desc = str((body as { error_description?: unknown }).error_description)
    if (OAUTH_CODES.has(err)) return { code: err, text: desc }
    return { code: null, text: desc ? `${err}: ${desc}` : err }
  }
  if (err && typeof err === 'object') {
    const e = err as { type?: unknown; message?: unknown }
    const message = str(e.message)
    const prefix = /^([a-z_]+)(?::\s*|$)/.exec(message)
    const fromMessage = prefix?.[1] && OAUTH_CODES.has(prefix[1]) ? prefix[1] : null
    const type = str(e.type)
    const code = fromMessage ?? (OAUTH_CODES.has(type) ? type : null)
    const text = fromMessage && prefix ? message.slice(prefix[0].length) : message
    return { code, text }
  }
  return { code: null, text: '' }
}

const REASON_OF_CODE: Record<string, FailureReason> = {
  invalid_grant: 'invalid_grant',
  invalid_client: 'invalid_client',
  invalid_request: 'invalid_request',
  invalid_scope: 'invalid_scope',
  unauthorized_client: 'unauthorized_client',
  unsupported_grant_type: 'unsupported_grant_type',
}

/**
 * HipChat answers an unknown or removed client with 401 in its own envelope. A bare 401 (a
 * proxy's HTML page, an empty body) says nothing about the client, so it must not count.
 */
function isHipChatUnauthorized(body: unknown) {
  if (!body || typeof body !== 'object' || !('error' in body)) return false
  const err = (body as { error: unknown }).error
  return !!err && typeof err === 'object' && (err as { code?: unknown }).code === 401
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

/** Request parameters whose values are credentials. */
const SECRET_PARAMS = [
  'refresh_token',
  'code',
  'code_verifier',
  'client_secret',
  'client_assertion',
  'assertion',
  'password',
  'token',
  'access_token',
]

/** The form body, headers, and every secret exactly as it goes on the wire. */
function encodeRequest(req: TokenRequest) {
  const params = new URLSearchParams(req.params)
  const headers: Record<string, string> = {
    'content-type': 'application/x-www-form-urlencoded',
    accept: 'application/json',
  }
  let basic: string | null = null
  if (req.clientAuth === 'client_secret_basic') {
    // RFC 6749 §2.3.1: form-encode each part before joining.
    const user = encodeURIComponent(req.clientId)
    const pass = encodeURIComponent(req.clientSecret)
    basic = Buffer.from(`${user}:${pass}`).toString('base64')
    headers.authorization = `Basic ${basic}`
  } else {
    params.set('client_id', req.clientId)
    params.set('client_secret', req.clientSecret)
  }
  const sent = [
    req.clientSecret,
    basic,
    Buffer.from(`${req.clientId}:${req.clientSecret}`).toString('base64'),
    ...SECRET_PARAMS.map((k) => req.params[k]),
  ]
  return { body: params.toString(), headers, sent }
}

/** One token-endpoint call, classified. Never throws; never returns partial tokens. */
export async function requestToken(http: HttpClient, req: TokenRequest): Promise<TokenResult> {
  const { body, headers, sent } = encodeRequest(req)
  const scrub = lazyScrubber(sent)
  const result = await exchangeOnce(http, req.tokenUrl, body, headers, scrub)
  if (result.ok) return result
  // The fixed parts carry no secret; this is the last guard for the parts that came from outside.
  const message = scrub.redact(result.failure.message).slice(0, 300)
  return { ok: false, failure: { ...result.failure, message } }
}

/**
 * The scrubber, made only when there is provider text to scrub: a successful answer has none,
 * and working out every encoding of every secret sent was a few percent of a renewal's CPU.
 */
function lazyScrubber(sent: readonly (string | null | undefined)[]): Scrubber {
  let made: Scrubber | null = null
  const get = () => {
    made ??= createScrubber(sent)
    return made
  }
  return {
    redact: (text) => get().redact(text),
    excerpt: (text, maxLength) => (text ? get().excerpt(text, maxLength) : ''),
  }
}

const OUTBOUND_REASON: Record<OutboundReason, FailureReason> = {
  timeout: 'timeout',
  network: 'unreachable',
  dns: 'unreachable',
  too_large: 'malformed_response',
  redirect: 'malformed_response',
  bad_url: 'refused',
  untrusted: 'refused',
  insecure: 'refused',
  internal_address: 'refused',
}

async function exchangeOnce(
  http: HttpClient,
  tokenUrl: string,
  form: string,
  headers: Record<string, string>,
  scrub: Scrubber,
): Promise<TokenResult> {
  let res: Awaited<ReturnType<HttpClient>>
  try {
    res = await http(tokenUrl, { method: 'POST', headers, body: form })
  } catch (err) {
    const outbound = err instanceof OutboundError ? err.reason : 'network'
    const reason = OUTBOUND_REASON[outbound]
    if (outbound === 'timeout' || outbound === 'network') {
      return {
        ok: false,
        failure: {
          kind: 'retryable',
          reason,
          status: null,
          message:
            outbound === 'timeout' ? 'provider did not answer in time' : 'provider unreachable',
          retryAfterMs: null,
          timeout: outbound === 'timeout',
        },
      }
    }
    // Our own outbound policy's words (which URL was refused and why), never the provider's.
    const message = err instanceof OutboundError ? err.message : 'provider request failed'
    return { ok: false, failure: { kind: 'rejected', reason, message, status: 0 } }
  }
  const body = parseJson(res.text)
  const { code, text } = describeError(body)
  const excerpt = scrub.excerpt(text)
  const said = (what: string) => `${what} (HTTP ${res.status})${excerpt ? `: ${excerpt}` : ''}`
  if (res.status === 429 || res.status >= 500) {
    const rateLimited = res.status === 429
    return {
      ok: false,
      failure: {
        kind: 'retryable',
        reason: rateLimited ? 'rate_limited' : 'server_error',
        status: res.status,
        message: said(rateLimited ? 'provider is rate limiting' : 'provider server error'),
        retryAfterMs: retryAfterMs(res.headers.get('retry-after')),
        timeout: false,
      },
    }
  }
  if (res.status >= 400) {
    const status = res.status
    const reason: FailureReason =
      (code && REASON_OF_CODE[code]) ||
      (status === 401 && isHipChatUnauthorized(body) ? 'invalid_client' : 'rejected')
    const message = said(
      code
        ? `provider said ${code}`
        : reason === 'invalid_client'
          ? 'provider refused the client credentials'
          : 'provider refused the request',
    )
    if (reason === 'invalid_grant')
      return { ok: false, failure: { kind: 'invalid_grant', reason, status, message } }
    if (reason === 'invalid_client')
      return { ok: false, failure: { kind: 'invalid_client', reason, status, message } }
    return { ok: false, failure: { kind: 'rejected', reason, message, status } }
  }
  const parsed = successSchema.safeParse(body)
  if (res.status !== 200 || !parsed.success) {
    return {
      ok: false,
      failure: {
        kind: 'malformed',
        reason: 'malformed_response',
        status: res.status,
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
