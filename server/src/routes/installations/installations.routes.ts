import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { manualInstallationInputSchema } from '@tokendesk/shared/schemas/installation'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { guardIds } from '../../middleware/guard-ids'
import { currentUser, requireUser } from '../../middleware/load-session'
import {
  authorizeInstallationUser,
  createManualInstallation,
  findVisibleInstallation,
  getInstallation,
  listInstallationsFor,
  mintInstallationToken,
  removeInstallationFor,
  verifyInstallation,
} from '../../services/installations/installations'
import { oauthClientRoutes } from '../oauth/client-routes'

export function installationsRoutes(deps: AppDeps) {
  const { config } = deps
  const guard = guardIds((user, id) => findVisibleInstallation(deps, user, id))
  return new Hono<AppEnv>()
    .use(requireUser)
    .use('/:id', guard)
    .use('/:id/*', guard)
    .get('/', async (c) =>
      c.json({ items: await listInstallationsFor(deps, currentUser(c)), nextCursor: null }, 200),
    )
    .post('/', validate('json', manualInstallationInputSchema), async (c) => {
      const input = c.req.valid('json')
      const view = await createManualInstallation(
        deps,
        currentUser(c),
        input,
        who(c, config.trustProxy),
      )
      return c.json(view, 201)
    })
    .get('/:id', validate('param', idParamSchema), async (c) =>
      c.json(await getInstallation(deps, currentUser(c), c.req.valid('param').id), 200),
    )
    .delete('/:id', validate('param', idParamSchema), async (c) => {
      const { id } = c.req.valid('param')
      await removeInstallationFor(deps, currentUser(c), id, who(c, config.trustProxy))
      return c.body(null, 204)
    })
    .post('/:id/verify', validate('param', idParamSchema), async (c) =>
      c.json(await verifyInstallation(deps, currentUser(c), c.req.valid('param').id), 200),
    )
    .route(
      '/',
      oauthClientRoutes(deps, {
        mint: mintInstallationToken,
        authorize: authorizeInstallationUser,
      }),
    )
}
