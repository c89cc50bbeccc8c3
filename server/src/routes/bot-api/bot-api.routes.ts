import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { type Context, Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { clientIp } from '../../lib/client-ip'
import { notFound } from '../../lib/http-error'
import { requestLine } from '../../middleware/request-logger'
import { type BotAccess, createBotAccess } from '../../services/bot-keys/bot-access'
import type { UsageRecorder } from '../../services/bot-keys/usage-recorder'
import type { RefreshEngine } from '../../services/refresh/refresh-engine'
import { BOT_OPENAPI } from './openapi'

/** The rule of `idSchema` (shared/schemas/common), as one regex test instead of a zod parse. */
const ID = /^[A-Za-z0-9_-]{1,64}$/

/**
 * A request header from Node's own parsed headers when the request came over a socket: asking
 * `c.req` builds a Fetch `Headers` for the whole request first (bench #1). `app.request()` in
 * tests has no socket and goes through `c.req`.
 */
function headerOf(c: Context, name: 'authorization'): string | undefined {
  const incoming = (c.env as { incoming?: IncomingMessage } | undefined)?.incoming
  return incoming ? incoming.headers[name] : c.req.header(name)
}

function bearer(c: Context) {
  const header = headerOf(c, 'authorization') ?? ''
  return header.startsWith('Bearer ') ? header.slice(7).trim() : ''
}

/** The bot API's routes; app.ts types the client with them (`AppType`). */
export function botApiRoutes(access: BotAccess, trustProxy: boolean) {
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.json(BOT_OPENAPI, 200))
    .get('/tokens/:id/access', async (c) => {
      const id = c.req.param('id')
      if (!ID.test(id)) notFound()
      const body = await access(bearer(c), id, { ip: clientIp(c, trustProxy) })
      return c.json(body, 200)
    })
}

/**
 * `/api/v1` for machines, mounted in app.ts ahead of the browser stack, none of which it needs:
 * no session (a bot key is no session), no Origin check (nothing here reads a cookie), no body
 * limit (GET only; the adapter never reads a body it is not asked for), no CSP or other headers
 * meant for documents. It keeps the request line and the two headers a JSON answer to a machine
 * needs, on errors too: app.ts's `onError` shapes those (`{"error":{"code","message"}}`) before
 * this middleware sees them.
 */
export function botApi(deps: AppDeps, engine: RefreshEngine, usage: UsageRecorder) {
  const access = createBotAccess(deps, engine, usage)
  const line = requestLine(deps.logger, deps.clock)
  return new Hono<AppEnv>()
    .use(async (c, next) => {
      const start = deps.clock()
      await next()
      c.res.headers.set('X-Content-Type-Options', 'nosniff')
      c.res.headers.set('Cache-Control', 'no-store')
      line(randomUUID(), c.req.method, c.req.path, c.res.status, start)
    })
    .route('/', botApiRoutes(access, deps.config.trustProxy))
    .all('*', (c) => c.json({ error: { code: 'not_found', message: 'No such endpoint' } }, 404))
}
