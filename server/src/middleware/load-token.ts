import { idSchema } from '@tokendesk/shared/schemas/common'
import type { TokenAction } from '@tokendesk/shared/schemas/token'
import type { Context } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppDeps, AppEnv } from '../app-env'
import { fail, notFound } from '../lib/http-error'
import { authorize, findVisibleToken, type VisibleToken } from '../services/tokens/token-access'

/**
 * Loads `/tokens/:id` once per request, before any body is validated, so an invisible id
 * answers 404 whatever the request carries and every handler works from the same row.
 */
export function loadToken(deps: Pick<AppDeps, 'db'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    const auth = c.get('auth')
    if (!auth) fail(401, 'unauthenticated', 'Sign in first')
    const id = c.req.param('id') ?? ''
    if (!idSchema.safeParse(id).success) notFound('Token')
    c.set('token', await findVisibleToken(deps.db, auth.user, id))
    await next()
  })
}

/** The policy's decision for this route's action (403 for a token the caller can see). */
export const allow = (action: TokenAction) =>
  createMiddleware<AppEnv>(async (c, next) => {
    authorize(loadedToken(c), action)
    await next()
  })

export function loadedToken(c: Context<AppEnv>): VisibleToken {
  return c.get('token') ?? fail(500, 'internal', 'Token not loaded')
}
