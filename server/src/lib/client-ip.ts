import { getConnInfo } from '@hono/node-server/conninfo'
import type { Context } from 'hono'

/** The peer address; X-Forwarded-For only when a trusted proxy sits in front. */
export function clientIp(c: Context, trustProxy: boolean): string | null {
  if (trustProxy) {
    const first = c.req.header('x-forwarded-for')?.split(',')[0]?.trim()
    if (first) return first.slice(0, 64)
  }
  try {
    return getConnInfo(c).remote.address ?? null
  } catch {
    return null // app.request() in tests has no socket
  }
}
