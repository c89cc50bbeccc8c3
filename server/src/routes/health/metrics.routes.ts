import { createHash, timingSafeEqual } from 'node:crypto'
import type { Context } from 'hono'
import type { AppEnv } from '../../app-env'
import type { Metrics } from '../../services/metrics/metrics'

const digest = (s: string) => createHash('sha256').update(s).digest()

/** Equal digests of both sides, compared in constant time: neither length nor prefix leaks. */
function sameToken(given: string, expected: string) {
  return timingSafeEqual(digest(given), digest(expected))
}

function bearerOf(header: string | undefined) {
  const m = /^Bearer\s+(.+)$/i.exec(header ?? '')
  return m?.[1]?.trim() ?? ''
}

/**
 * `GET /metrics` in Prometheus text format for a scraper holding `TOKENDESK_METRICS_TOKEN`.
 * Without a configured token the endpoint does not exist (404), so nothing is exposed by default.
 */
export function metricsHandler(metrics: Metrics, token: string | undefined) {
  return async (c: Context<AppEnv>) => {
    if (!token) return c.json({ error: { code: 'not_found', message: 'Not found' } }, 404)
    if (!sameToken(bearerOf(c.req.header('authorization')), token)) {
      c.header('WWW-Authenticate', 'Bearer realm="metrics"')
      return c.json(
        { error: { code: 'unauthorized', message: 'A valid metrics bearer token is required' } },
        401,
      )
    }
    const { body, contentType } = await metrics.render()
    c.header('Cache-Control', 'no-store')
    return c.body(body, 200, { 'Content-Type': contentType })
  }
}
