import { Hono } from 'hono'
import { adminApi } from './admin-api'
import { adminPage } from './admin-page'
import { authorizeRoutes } from './authorize'
import { capabilitiesDocument } from './capabilities'
import type { EmulatorOptions } from './config'
import { baseUrlFor, resolveConfig } from './config'
import { STYLESHEET } from './layout'
import { hostGuard, rateLimit, securityHeaders, tokenCounter } from './middleware'
import { errorJson } from './responses'
import { sessionRoutes } from './session'
import { EmulatorState } from './state'
import { tokenBodyLimit, tokenEndpoint } from './token-endpoint'

export function createEmulatorState(options: EmulatorOptions = {}): EmulatorState {
  const config = resolveConfig(options)
  return new EmulatorState(config, baseUrlFor(config.host, config.port))
}

/** The whole emulator as a Hono app; startEmulator serves it, tests may also call app.request(). */
export function createEmulatorApp(state: EmulatorState = createEmulatorState()): Hono {
  const app = new Hono()
  app.use('*', hostGuard)
  app.use('*', securityHeaders)
  app.use('/v2/oauth/token', tokenBodyLimit)
  // Before the rate limiter so that rate-limited token calls are counted too.
  app.use('/v2/oauth/token', tokenCounter(state))
  app.use('*', rateLimit(state))

  app.get('/', (c) => c.redirect('/admin'))
  app.get('/emulator.css', (c) =>
    c.body(STYLESHEET, 200, { 'Content-Type': 'text/css; charset=utf-8' }),
  )
  app.get('/v2/capabilities', (c) => c.json(capabilitiesDocument(new URL(c.req.url).origin)))
  app.route('/v2/oauth/token', tokenEndpoint(state))
  app.route('/v2/oauth/token', sessionRoutes(state))
  app.route('/users/authorize', authorizeRoutes(state))
  app.route('/admin/api', adminApi(state))
  app.route('/admin', adminPage(state))

  app.notFound((c) => errorJson(c, 404, 'Not found'))
  app.onError((err, c) => errorJson(c, 500, err instanceof Error ? err.message : String(err)))
  return app
}
