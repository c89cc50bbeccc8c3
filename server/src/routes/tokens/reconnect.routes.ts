import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { currentUser, requireUser } from '../../middleware/session'
import { startReconnect } from '../../services/oauth/reconnect'
import { findVisibleToken } from '../../services/tokens/token-access'

/** `GET /tokens/:id/reconnect`: a full-page navigation that ends at the provider's consent. */
export function reconnectRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/:id/reconnect', validate('param', idParamSchema), (c) => {
      const user = currentUser(c)
      const { row } = findVisibleToken(deps.db, user, c.req.valid('param').id)
      const { location } = startReconnect(deps, {
        user,
        sessionHash: c.get('auth')?.sessionIdHash ?? '',
        row,
      })
      return c.redirect(location, 302)
    })
}
