import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { createProviderInputSchema } from '@tokendesk/shared/schemas/installation'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { guardIds } from '../../middleware/guard-ids'
import { currentUser, requireUser } from '../../middleware/load-session'
import {
  authorizeProviderUser,
  createProvider,
  findVisibleProvider,
  getProvider,
  listProvidersFor,
  mintProviderToken,
} from '../../services/providers/providers'
import { trustedProvidersFor } from '../../services/providers/trusted-providers'
import { oauthClientRoutes } from '../oauth/client-routes'

export function providersRoutes(deps: AppDeps) {
  const { config } = deps
  const guard = guardIds((user, id) => findVisibleProvider(deps, user, id))
  return (
    new Hono<AppEnv>()
      .use(requireUser)
      // Before the id guard: `trusted` is a path, not a provider id.
      .get('/trusted', async (c) =>
        c.json({ items: await trustedProvidersFor(deps, currentUser(c)) }, 200),
      )
      .use('/:id', guard)
      .use('/:id/*', guard)
      .get('/', async (c) =>
        c.json({ items: await listProvidersFor(deps, currentUser(c)), nextCursor: null }, 200),
      )
      .post('/', validate('json', createProviderInputSchema), async (c) => {
        const input = c.req.valid('json')
        return c.json(
          await createProvider(deps, currentUser(c), input, who(c, config.trustProxy)),
          201,
        )
      })
      .get('/:id', validate('param', idParamSchema), async (c) =>
        c.json(await getProvider(deps, currentUser(c), c.req.valid('param').id), 200),
      )
      .route(
        '/',
        oauthClientRoutes(deps, { mint: mintProviderToken, authorize: authorizeProviderUser }),
      )
  )
}
