import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { createBotAccess } from '../../services/bot-keys/bot-access'
import type { UsageRecorder } from '../../services/bot-keys/usage-recorder'
import type { RefreshEngine } from '../../services/refresh/refresh-engine'
import { BOT_OPENAPI } from './openapi'

export function botApiRoutes(deps: AppDeps, engine: RefreshEngine, usage: UsageRecorder) {
  const accessToken = createBotAccess(deps, engine, usage)
  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.json(BOT_OPENAPI, 200))
    .get('/tokens/:id/access', validate('param', idParamSchema), async (c) => {
      const header = c.req.header('authorization') ?? ''
      const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
      const body = await accessToken(
        presented,
        c.req.valid('param').id,
        who(c, deps.config.trustProxy),
      )
      return c.json(body, 200)
    })
}
