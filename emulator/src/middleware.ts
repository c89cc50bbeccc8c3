import type { MiddlewareHandler } from 'hono'
import { parseBasic, parseBearer } from './auth-headers'
import { isLoopbackHostname } from './config'
import type { RateResult } from './controls'
import { errorJson } from './responses'
import type { EmulatorState } from './state'
import { readTokenParams } from './token-params'

/** Refuses non-loopback Host headers, which also defeats DNS rebinding against the open admin API. */
export const hostGuard: MiddlewareHandler = async (c, next) => {
  const host = c.req.header('host') ?? ''
  const hostname = host.replace(/:\d+$/, '')
  if (!isLoopbackHostname(hostname)) {
    return errorJson(c, 421, 'The emulator only answers to loopback host names')
  }
  await next()
}

/** Blocks cross-site form posts to the admin and consent pages (the admin API has no auth). */
export const originGuard: MiddlewareHandler = async (c, next) => {
  if (c.req.method !== 'GET' && c.req.method !== 'HEAD') {
    const origin = c.req.header('origin')
    if (c.req.header('sec-fetch-site') === 'cross-site' || (origin && !isLoopbackOrigin(origin))) {
      return errorJson(c, 403, 'Cross-site requests are not accepted')
    }
  }
  await next()
}

function isLoopbackOrigin(origin: string): boolean {
  try {
    return isLoopbackHostname(new URL(origin).hostname)
  } catch {
    return false
  }
}

export const securityHeaders: MiddlewareHandler = async (c, next) => {
  await next()
  c.res.headers.set('X-Content-Type-Options', 'nosniff')
  // Not no-referrer: with it Chromium sends `Origin: null` on the admin and consent forms.
  c.res.headers.set('Referrer-Policy', 'same-origin')
}

/** Counts every token-endpoint call (faulted and rate-limited ones included) and its status. */
export function tokenCounter(state: EmulatorState): MiddlewareHandler {
  return async (c, next) => {
    if (c.req.method !== 'POST') return next()
    const parsed = await readTokenParams(c)
    const grant = parsed.ok ? (parsed.params.grant_type ?? '(none)') : '(unparsable)'
    const client = parseBasic(c.req.header('authorization'))?.id ?? '(none)'
    state.controls.countTokenCall(grant, client)
    await next()
    // A hung request released by a disconnect or shutdown was never answered.
    if (!c.req.raw.signal.aborted && !state.shutdown.signal.aborted) {
      state.controls.countStatus(c.res.status)
    }
  }
}

/** X-Ratelimit-* on every response; 429 only on the HipChat API surface (/v2). */
export function rateLimit(state: EmulatorState): MiddlewareHandler {
  return async (c, next) => {
    const key = rateKey(c.req.header('authorization'), c.req.query('auth_token'))
    const result = state.controls.hitRateLimit(key)
    if (result.exceeded && c.req.path.startsWith('/v2/')) {
      const res = errorJson(c, 429, 'You have exceeded the rate limit. See X-Ratelimit-Reset.')
      const wait = Math.max(0, result.reset - Math.floor(state.now() / 1000))
      res.headers.set('Retry-After', String(wait))
      setRateHeaders(res.headers, result)
      return res
    }
    await next()
    setRateHeaders(c.res.headers, result)
  }
}

function setRateHeaders(headers: Headers, result: RateResult): void {
  // Injected 429 faults set their own values; keep them.
  const values = {
    'X-Ratelimit-Limit': result.limit,
    'X-Ratelimit-Remaining': result.remaining,
    'X-Ratelimit-Reset': result.reset,
  }
  for (const [name, value] of Object.entries(values)) {
    if (!headers.has(name)) headers.set(name, String(value))
  }
}

function rateKey(authorization: string | undefined, authToken: string | undefined): string {
  const basic = parseBasic(authorization)
  if (basic) return `client:${basic.id}`
  const bearer = parseBearer(authorization) ?? authToken
  if (bearer) return `token:${bearer}`
  return 'anonymous'
}
