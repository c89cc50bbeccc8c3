import { idParamSchema } from '@tokendesk/shared/schemas/common'
import {
  createWebhookInputSchema,
  deliveryParamSchema,
} from '@tokendesk/shared/schemas/notification'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { guardIds } from '../../middleware/guard-ids'
import { currentUser, requireUser } from '../../middleware/load-session'
import {
  createWebhook,
  findOwnWebhook,
  listWebhookDeliveries,
  listWebhooksFor,
  redeliver,
  removeWebhook,
  sendTestEvent,
} from '../../services/alerts/webhooks'

export function webhooksRoutes(deps: AppDeps) {
  const { config } = deps
  const guard = guardIds((user, id) => findOwnWebhook(deps, user, id))
  return new Hono<AppEnv>()
    .use(requireUser)
    .use('/:id', guard)
    .use('/:id/*', guard)
    .get('/', async (c) =>
      c.json({ items: await listWebhooksFor(deps, currentUser(c)), nextCursor: null }, 200),
    )
    .post('/', validate('json', createWebhookInputSchema), async (c) => {
      const input = c.req.valid('json')
      // The secret is shown once, like a bot key; it is needed to verify signatures.
      return c.json(
        await createWebhook(deps, currentUser(c), input, who(c, config.trustProxy)),
        201,
      )
    })
    .delete('/:id', validate('param', idParamSchema), async (c) => {
      const { id } = c.req.valid('param')
      await removeWebhook(deps, currentUser(c), id, who(c, config.trustProxy))
      return c.body(null, 204)
    })
    .get('/:id/deliveries', validate('param', idParamSchema), async (c) => {
      const items = await listWebhookDeliveries(deps, currentUser(c), c.req.valid('param').id)
      return c.json({ items, nextCursor: null }, 200)
    })
    .post('/:id/test', validate('param', idParamSchema), async (c) => {
      const { id } = c.req.valid('param')
      return c.json(await sendTestEvent(deps, currentUser(c), id, who(c, config.trustProxy)), 200)
    })
    .post(
      '/:id/deliveries/:deliveryId/redeliver',
      validate('param', deliveryParamSchema),
      async (c) => {
        const { id, deliveryId } = c.req.valid('param')
        await redeliver(deps, currentUser(c), id, deliveryId, who(c, config.trustProxy))
        return c.body(null, 202)
      },
    )
}
