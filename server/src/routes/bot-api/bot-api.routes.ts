import { randomUUID } from 'node:crypto'
import type { IncomingMessage } from 'node:http'
import { type Context, type ErrorHandler, Hono, type TypedResponse } from 'hono'
import type { JSONParsed } from 'hono/utils/types'
import type { AppDeps } from '../../app-env'
import { clientIp } from '../../lib/client-ip'
import { notFound } from '../../lib/http-error'
import { requestLine } from '../../middleware/request-logger'
import type { BotAccess, TokenAccess } from '../../services/bot-keys/bot-access'
import { BOT_OPENAPI } from './openapi'

/** Where the bot API is served; app.ts sends every request under it here and nowhere else. */
export const BOT_API_BASE = '/api/v1'

/** The rule of `idSchema` (shared/schemas/common), as one regex test instead of a zod parse. */
const ID = /^[A-Za-z0-9_-]{1,64}$/

/** What a JSON answer to a machine needs, and all the bot API sends. */
const MACHINE_HEADERS = { 'X-Content-Type-Options': 'nosniff', 'Cache-Control': 'no-store' }

/**
 * A JSON answer with its headers as a plain object: @hono/node-server writes that straight out,
 * where a `Headers` object (what `c.json` builds for more than one header) is built and then
 * converted back (bench #1).
 */
function machineJson<T, S extends 200 | 404>(body: T, status: S) {
  const res = new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...MACHINE_HEADERS },
  })
  // The client's type for the route, as `c.json` would give it.
  return res as Response & TypedResponse<JSONParsed<T>, S, 'json'>
}

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

/** The bot API's own context: when the request reached its handler, for the request line. */
type BotEnv = { Variables: { started: number } }

/** The request line, written once the answer is known; see `botApi`. */
type Answered = <R extends Response>(c: Context<BotEnv>, res: R) => R

type Granted = ReturnType<typeof machineJson<TokenAccess, 200>>

/** The bot API's routes; app.ts types the client with them (`AppType`). */
export function botApiRoutes(
  access: BotAccess,
  opts: { trustProxy: boolean; clock: () => number; answered: Answered },
) {
  const { trustProxy, clock, answered } = opts
  return new Hono<BotEnv>()
    .get('/openapi.json', (c) => answered(c, machineJson(BOT_OPENAPI, 200)))
    .get('/tokens/:id/access', (c): Granted | Promise<Granted> => {
      c.set('started', clock())
      const id = c.req.param('id')
      if (!ID.test(id)) notFound()
      const body = access(bearer(c), id, { ip: clientIp(c, trustProxy) })
      // Synchronous unless the token had to be renewed first (see bot-access).
      return body instanceof Promise
        ? body.then((b) => answered(c, machineJson(b, 200)))
        : answered(c, machineJson(body, 200))
    })
}

/**
 * `/api/v1` for machines: its own app, to which app.ts hands every request under `/api/v1`
 * before the browser stack's router sees it. So none of the browser middleware runs: no session
 * (a bot key is no session), no Origin check (nothing here reads a cookie), no body limit (GET
 * only; the adapter never reads a body it is not asked for), no CSP or other headers meant for
 * documents. What stays: the request line, and the two headers a JSON answer to a machine needs.
 * Errors are shaped by `shapeError`, the browser app's own `onError` (`{"error":{"code",
 * "message"}}`), and get the same two headers.
 *
 * Each route is a single handler, so Hono calls it directly instead of composing a middleware
 * chain, and a synchronous answer is written out in the same tick (bench #1).
 */
export function botApi(deps: AppDeps, access: BotAccess, shapeError: ErrorHandler) {
  const line = requestLine(deps.logger, deps.clock)
  const answered: Answered = (c, res) => {
    line(randomUUID(), c.req.method, c.req.path, res.status, c.get('started') ?? deps.clock())
    return res
  }
  const withHeaders = (c: Context<BotEnv>, res: Response) => {
    for (const [k, v] of Object.entries(MACHINE_HEADERS)) res.headers.set(k, v)
    return answered(c, res)
  }
  const app = new Hono<BotEnv>().basePath(BOT_API_BASE)
  app.route(
    '/',
    botApiRoutes(access, { trustProxy: deps.config.trustProxy, clock: deps.clock, answered }),
  )
  app.notFound((c) =>
    answered(c, machineJson({ error: { code: 'not_found', message: 'No such endpoint' } }, 404)),
  )
  app.onError((err, c) => {
    const res = shapeError(err, c)
    return res instanceof Promise ? res.then((r) => withHeaders(c, r)) : withHeaders(c, res)
  })
  return app
}
