import { existsSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { serveStatic } from '@hono/node-server/serve-static'
import { type ErrorHandler, Hono } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { AppDeps, AppEnv } from './app-env'
import { ApiError } from './lib/http-error'
import { loadSession, requireUser } from './middleware/load-session'
import { loadToken } from './middleware/load-token'
import { requestLogger } from './middleware/request-logger'
import { limitBody, noStore, sameOriginJson, securityHeaders } from './middleware/security'
import { addonInstallRoutes } from './routes/addons/addon-install.routes'
import { addonsRoutes } from './routes/addons/addons.routes'
import { auditRoutes } from './routes/audit/audit.routes'
import { authRoutes } from './routes/auth/auth.routes'
import { BOT_API_BASE, botApi, type botApiRoutes } from './routes/bot-api/bot-api.routes'
import { botKeysRoutes } from './routes/bot-keys/bot-keys.routes'
import { healthRoutes } from './routes/health/health.routes'
import { metricsHandler } from './routes/health/metrics.routes'
import { installationsRoutes } from './routes/installations/installations.routes'
import { notificationsRoutes } from './routes/notifications/notifications.routes'
import { webhooksRoutes } from './routes/notifications/webhooks.routes'
import { oauthRoutes } from './routes/oauth/oauth.routes'
import { overviewRoutes } from './routes/overview/overview.routes'
import { providersRoutes } from './routes/providers/providers.routes'
import { reconnectRoutes } from './routes/tokens/reconnect.routes'
import { sharesRoutes } from './routes/tokens/shares.routes'
import { tokenActionsRoutes } from './routes/tokens/token-actions.routes'
import { tokensRoutes } from './routes/tokens/tokens.routes'
import { usersRoutes } from './routes/users/users.routes'
import { createMetrics, type Metrics } from './services/metrics/metrics'
import { createHealthState, type HealthState } from './services/metrics/readiness'
import type { RefreshEngine } from './services/refresh/refresh-engine'
import { createServices, type Services } from './services/services'
import { createSetupGate, type SetupGate } from './services/setup'

/** Paths authenticated by something other than the session cookie (bearer keys, provider callbacks). */
const ORIGIN_EXEMPT = [/^\/api\/v1\//, /^\/api\/addons\/[^/]+\/installable(\/|$)/]

function apiRoutes(deps: AppDeps, setup: SetupGate, engine: RefreshEngine) {
  return new Hono<AppEnv>()
    .get('/health', (c) => c.json({ status: 'ok' as const }, 200))
    .route('/auth', authRoutes(deps, setup))
    .route('/users', usersRoutes(deps))
    .use('/tokens', requireUser)
    .use('/tokens/*', requireUser)
    .use('/tokens/:id', loadToken(deps))
    .use('/tokens/:id/*', loadToken(deps))
    .route('/tokens', tokensRoutes(deps))
    .route('/tokens', tokenActionsRoutes(deps, engine))
    .route('/tokens', sharesRoutes(deps))
    .route('/tokens', reconnectRoutes(deps))
    .route('/audit', auditRoutes(deps))
    .route('/addons', addonInstallRoutes(deps))
    .route('/addons', addonsRoutes(deps))
    .route('/installations', installationsRoutes(deps))
    .route('/providers', providersRoutes(deps))
    .route('/oauth', oauthRoutes(deps))
    .route('/bot-keys', botKeysRoutes(deps))
    .route('/notifications', notificationsRoutes(deps))
    .route('/webhooks', webhooksRoutes(deps))
    .route('/overview', overviewRoutes(deps))
}

/** Type only: the client sees `/v1` beside the rest, though app.ts mounts it on its own. */
const withBotApi = (api: ReturnType<typeof apiRoutes>, bot: ReturnType<typeof botApiRoutes>) =>
  api.route('/v1', bot)

export type AppType = ReturnType<typeof withBotApi>
export type { RefreshEngine }

export function createApp(
  deps: AppDeps & { setup?: SetupGate; services?: Services; health?: HealthState },
) {
  const setup = deps.setup ?? createSetupGate()
  const { engine, botAccess } = deps.services ?? createServices(deps)
  const metrics: Metrics = deps.metrics ?? createMetrics(deps)
  const health = deps.health ?? createHealthState()
  const shapeError = errorShaper(deps)
  const bot = botApi(deps, botAccess, shapeError)
  const app = new Hono<AppEnv>()
  app.use(requestLogger(deps.logger, deps.clock))
  app.use(securityHeaders(deps.config.secureCookies))
  app.use('/api/*', noStore)
  app.use('/api/*', limitBody())
  // Probes from load balancers: before the session and Origin checks, which they never need.
  app.route('/api/health', healthRoutes(deps.db, health))
  app.use(
    '/api/*',
    sameOriginJson(deps.config.publicOrigin, (path) => ORIGIN_EXEMPT.some((r) => r.test(path))),
  )
  app.use('/api/*', loadSession(deps))
  app.route('/api', apiRoutes(deps, setup, engine))
  app.all('/api/*', (c) =>
    c.json({ error: { code: 'not_found', message: 'No such endpoint' } }, 404),
  )
  app.get('/metrics', metricsHandler(metrics, deps.config.metricsToken))
  mountSpa(app, deps.config.webDist)

  app.notFound((c) => c.json({ error: { code: 'not_found', message: 'Not found' } }, 404))
  app.onError(shapeError)

  // Machines first: every request under /api/v1 goes to the bot API's own app (lean pipeline,
  // routes/bot-api) before this app's router and middleware, made for browsers, see it.
  const browser = app.fetch
  app.fetch = (request, env, executionCtx) =>
    isBotApi(request.url)
      ? counted(metrics, bot.fetch(request, env, executionCtx))
      : browser(request, env, executionCtx)
  return app
}

/** Counts a bot API answer by status; a synchronous answer stays synchronous (bench #1). */
function counted(metrics: Metrics, res: Response | Promise<Response>) {
  if (res instanceof Response) {
    metrics.botRequest(res.status)
    return res
  }
  return res.then((r) => {
    metrics.botRequest(r.status)
    return r
  })
}

/** Whether an absolute request URL's path is under the bot API's base. */
function isBotApi(url: string) {
  const path = url.indexOf('/', url.indexOf('//') + 2)
  if (path < 0 || !url.startsWith(BOT_API_BASE, path)) return false
  const next = url[path + BOT_API_BASE.length]
  return next === undefined || next === '/' || next === '?'
}

/** The one error shape, `{"error":{"code","message"}}`, for the browser API and the bot API. */
function errorShaper(deps: AppDeps): ErrorHandler {
  return (err, c) => {
    if (err instanceof ApiError) {
      for (const [k, v] of Object.entries(err.headers ?? {})) c.header(k, v)
      const body = {
        code: err.code,
        message: err.message,
        ...(err.issues ? { issues: err.issues } : {}),
      }
      return c.json({ error: body }, err.status)
    }
    if (err instanceof HTTPException && err.status < 500) {
      // Hono's own 4xx (the JSON validator's parse failure is the common one).
      const malformed = /malformed json/i.test(err.message)
      const code = malformed ? 'invalid_json' : 'bad_request'
      const message = malformed ? 'Malformed JSON in request body' : 'Bad request'
      return c.json({ error: { code, message } }, err.status)
    }
    deps.logger.error({ err, path: c.req.path }, 'unhandled error')
    return c.json({ error: { code: 'internal', message: 'Internal server error' } }, 500)
  }
}

/** Production serves the built SPA from the same port, with history fallback to index.html. */
function mountSpa(app: Hono<AppEnv>, webDist: string | undefined) {
  if (!webDist || !existsSync(join(webDist, 'index.html'))) return
  const indexHtml = readFileSync(join(webDist, 'index.html'), 'utf8')
  app.use('/assets/*', async (c, next) => {
    await next()
    if (c.res.ok) c.header('Cache-Control', 'public, max-age=31536000, immutable')
  })
  app.use('*', serveStatic({ root: webDist }))
  app.get('*', (c) => {
    c.header('Cache-Control', 'no-cache')
    return c.html(indexHtml)
  })
}
