import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { currentAuth } from '../../middleware/load-session'
import { loadedToken } from '../../middleware/load-token'
import { startReconnect } from '../../services/oauth/reconnect'

/**
 * `GET /tokens/:id/reconnect`: a full-page navigation that ends at the provider's consent.
 * Mounted behind `requireUser` and `loadToken` (see app.ts).
 */
export function reconnectRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/:id/reconnect', validate('param', idParamSchema), async (c) => {
    const auth = currentAuth(c)
    const { location } = await startReconnect(deps, {
      user: auth.user,
      sessionHash: auth.sessionIdHash,
      row: loadedToken(c).row,
    })
    return c.redirect(location, 302)
  })
}
