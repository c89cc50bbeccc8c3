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

export type Who = { ip: string | null; userAgent: string | null }

/** The caller's address and user agent, as audit rows record them. */
export function who(c: Context, trustProxy: boolean): Who {
  return {
    ip: clientIp(c, trustProxy),
    userAgent: c.req.header('user-agent')?.slice(0, 200) ?? null,
  }
}
