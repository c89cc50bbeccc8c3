import type { Context } from 'hono'
import { Hono } from 'hono'
import { parseBearer } from './auth-headers'
import { safeEqual } from './random'
import { errorJson, sessionDocument } from './responses'
import type { EmulatorState } from './state'
import type { AccessToken } from './tokens'

export const AUTH_TEST_BODY = {
  success: {
    code: 202,
    message: 'This auth_token has access to use this method.',
    type: 'Accepted',
  },
}

/**
 * Bearer (or ?auth_token=) check shared by token-checked calls; honours auth_test=true.
 * Returns the token record, or the response to send instead of running the call.
 */
export function checkToken(
  c: Context,
  state: EmulatorState,
  allowed: (record: AccessToken) => boolean = () => true,
): AccessToken | Response {
  const presented = parseBearer(c.req.header('authorization')) ?? c.req.query('auth_token')
  if (!presented) {
    return errorJson(
      c,
      401,
      'Authenticated requests only. See https://www.hipchat.com/docs/apiv2/auth for more information.',
    )
  }
  const record = state.tokens.findActiveAccess(presented)
  if (!record || !allowed(record)) return errorJson(c, 401, 'Invalid OAuth session')
  if (c.req.query('auth_test') === 'true') return c.json(AUTH_TEST_BODY, 202)
  return record
}

export function sessionRoutes(state: EmulatorState): Hono {
  const app = new Hono()

  // A token may only look at or revoke its own session.
  const resolve = (c: Context): AccessToken | Response =>
    checkToken(c, state, (record) => safeEqual(record.token, c.req.param('token') ?? ''))

  app.get('/:token', (c) => {
    const record = resolve(c)
    if (record instanceof Response) return record
    return c.json(sessionDocument(state, record))
  })

  app.delete('/:token', (c) => {
    const record = resolve(c)
    if (record instanceof Response) return record
    state.tokens.revokeAccess(record.token)
    return c.body(null, 204)
  })

  return app
}
