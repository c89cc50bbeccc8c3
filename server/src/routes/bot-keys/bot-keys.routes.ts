import { createBotKeyInputSchema } from '@tokendesk/shared/schemas/bot-key'
import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { currentUser, requireUser } from '../../middleware/load-session'
import { requireRecentAuth } from '../../middleware/step-up'
import { createBotKey, listBotKeys, revokeBotKey } from '../../services/bot-keys/bot-key-store'

export function botKeysRoutes(deps: AppDeps) {
  const { config } = deps
  return (
    new Hono<AppEnv>()
      .use(requireUser)
      .get('/', async (c) =>
        c.json({ items: await listBotKeys(deps, currentUser(c)), nextCursor: null }, 200),
      )
      // Binding a token to a key lets the key read its value: the same step-up as a reveal.
      .post('/', validate('json', createBotKeyInputSchema), requireRecentAuth(deps), async (c) =>
        c.json(
          await createBotKey(deps, currentUser(c), c.req.valid('json'), who(c, config.trustProxy)),
          201,
        ),
      )
      .delete('/:id', validate('param', idParamSchema), async (c) => {
        await revokeBotKey(deps, currentUser(c), c.req.valid('param').id, who(c, config.trustProxy))
        return c.body(null, 204)
      })
  )
}
