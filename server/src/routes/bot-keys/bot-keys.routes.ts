import {
  createBotKeyInputSchema,
  rotateBotKeyInputSchema,
  setBotKeyTokensInputSchema,
} from '@tokendesk/shared/schemas/bot-key'
import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { Hono } from 'hono'
import { createMiddleware } from 'hono/factory'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { currentUser, requireUser } from '../../middleware/load-session'
import { requireRecentAuth } from '../../middleware/step-up'
import { rotateBotKey, setBotKeyTokens } from '../../services/bot-keys/bot-key-changes'
import { listBotKeyFailures } from '../../services/bot-keys/bot-key-failures'
import {
  createBotKey,
  findOwnKey,
  listBotKeys,
  revokeBotKey,
} from '../../services/bot-keys/bot-key-store'

/** 404 for a key that is not the caller's, before the body is read: no hint that it exists. */
const ownKey = (deps: AppDeps) =>
  createMiddleware<AppEnv>(async (c, next) => {
    await findOwnKey(deps.db, currentUser(c), c.req.param('id') ?? '')
    await next()
  })

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
      // A new key that reads the same tokens: as much a binding as creating one.
      .post(
        '/:id/rotate',
        validate('param', idParamSchema),
        ownKey(deps),
        validate('json', rotateBotKeyInputSchema),
        requireRecentAuth(deps),
        async (c) =>
          c.json(
            await rotateBotKey(
              deps,
              currentUser(c),
              c.req.valid('param').id,
              c.req.valid('json'),
              who(c, config.trustProxy),
            ),
            201,
          ),
      )
      .put(
        '/:id/tokens',
        validate('param', idParamSchema),
        ownKey(deps),
        validate('json', setBotKeyTokensInputSchema),
        requireRecentAuth(deps),
        async (c) =>
          c.json(
            await setBotKeyTokens(
              deps,
              currentUser(c),
              c.req.valid('param').id,
              c.req.valid('json'),
              who(c, config.trustProxy),
            ),
            200,
          ),
      )
      .get('/:id/failures', validate('param', idParamSchema), async (c) =>
        c.json(
          { items: await listBotKeyFailures(deps, currentUser(c), c.req.valid('param').id) },
          200,
        ),
      )
  )
}
