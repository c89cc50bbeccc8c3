import { bodyLimit } from 'hono/body-limit'
import { createMiddleware } from 'hono/factory'
import { secureHeaders } from 'hono/secure-headers'
import { fail } from '../lib/http-error'

export const JSON_BODY_LIMIT = 64 * 1024

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])

export function securityHeaders(hsts: boolean) {
  return secureHeaders({
    contentSecurityPolicy: {
      defaultSrc: ["'self'"],
      scriptSrc: ["'self'"],
      styleSrc: ["'self'"],
      imgSrc: ["'self'", 'data:'],
      connectSrc: ["'self'"],
      fontSrc: ["'self'"],
      objectSrc: ["'none'"],
      baseUri: ["'none'"],
      frameAncestors: ["'none'"],
      formAction: ["'self'"],
    },
    referrerPolicy: 'no-referrer',
    strictTransportSecurity: hsts ? 'max-age=31536000; includeSubDomains' : false,
    crossOriginEmbedderPolicy: false,
  })
}

/** API answers may carry secrets or per-user data: never cache them anywhere. */
export const noStore = createMiddleware(async (c, next) => {
  await next()
  // Set on the final response in place, as secureHeaders does: c.header() after next() would
  // rebuild the Response around a stream body, off @hono/node-server's fast path (bench #1).
  c.res.headers.set('Cache-Control', 'no-store')
  c.res.headers.set('Pragma', 'no-cache')
})

export function limitBody(maxSize = JSON_BODY_LIMIT) {
  const limit = bodyLimit({
    maxSize,
    onError: () => fail(413, 'payload_too_large', `Request body exceeds ${maxSize} bytes`),
  })
  // GET and HEAD requests never have a body here (the adapter gives them none), so bodyLimit
  // would pass them on anyway; asking it costs a full Request object per call (bench #1).
  return createMiddleware((c, next) =>
    c.req.method === 'GET' || c.req.method === 'HEAD' ? next() : limit(c, next),
  )
}

/**
 * Cookie-authenticated mutations must come from our own origin (hono/csrf alone lets JSON
 * through), and carry JSON when they carry a body at all.
 */
export function sameOriginJson(allowedOrigin: string, isExempt: (path: string) => boolean) {
  return createMiddleware(async (c, next) => {
    if (!UNSAFE.has(c.req.method) || isExempt(c.req.path)) return next()
    const origin = c.req.header('origin')
    const fetchSite = c.req.header('sec-fetch-site')
    if (origin !== allowedOrigin || (fetchSite && fetchSite !== 'same-origin')) {
      fail(403, 'forbidden_origin', 'Cross-origin request refused')
    }
    const hasBody =
      c.req.header('transfer-encoding') !== undefined ||
      Number(c.req.header('content-length') ?? '0') > 0
    const type = c.req.header('content-type')
    const json = type !== undefined && /^application\/json\s*(;|$)/i.test(type)
    if ((type !== undefined || hasBody) && !json) {
      fail(415, 'unsupported_media_type', 'Send application/json')
    }
    await next()
  })
}

/**
 * For POSTs whose body is optional (scripts call refresh with none): an absent body reads as
 * `{}` so the JSON validator sees the same shape either way.
 */
export const optionalJsonBody = createMiddleware(async (c, next) => {
  const req = c.req.raw
  if (!req.headers.get('content-type') && !req.headers.get('content-length') && !req.body) {
    const headers = new Headers(req.headers)
    headers.set('content-type', 'application/json')
    c.req.raw = new Request(req, { body: '{}', headers })
  }
  await next()
})
