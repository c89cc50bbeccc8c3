import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { createAddonInputSchema } from '@tokendesk/shared/schemas/installation'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { currentUser, requireUser } from '../../middleware/load-session'
import { createAddon, getAddon, listAddonsFor } from '../../services/addons/addons'

export function addonsRoutes(deps: AppDeps) {
  const { config } = deps
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', async (c) =>
      c.json({ items: await listAddonsFor(deps, currentUser(c)), nextCursor: null }, 200),
    )
    .post('/', validate('json', createAddonInputSchema), async (c) =>
      c.json(
        await createAddon(deps, currentUser(c), c.req.valid('json'), who(c, config.trustProxy)),
        201,
      ),
    )
    .get('/:id', validate('param', idParamSchema), async (c) =>
      c.json(await getAddon(deps, currentUser(c), c.req.valid('param').id), 200),
    )
}
