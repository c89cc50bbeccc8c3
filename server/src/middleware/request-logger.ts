import { randomUUID } from 'node:crypto'
import { createMiddleware } from 'hono/factory'
import type { AppEnv } from '../app-env'
import type { Clock } from '../lib/clock'
import type { Logger } from '../lib/logger'

/** One line per request; the path only, because query strings can carry OAuth codes and state. */
export function requestLogger(logger: Logger, clock: Clock) {
  // The line's fields are fixed here and hold no secret, so it skips the redaction pass, which was
  // a sixth of the bot path's CPU (BENCHMARKS.md #1). Everything else still goes through `logger`.
  const lines = logger.child({}, { redact: [] })
  return createMiddleware<AppEnv>(async (c, next) => {
    const start = clock()
    const requestId = randomUUID()
    c.set('requestId', requestId)
    await next()
    lines.info(
      {
        requestId,
        method: c.req.method,
        path: c.req.path,
        status: c.res.status,
        ms: clock() - start,
      },
      'request',
    )
  })
}
