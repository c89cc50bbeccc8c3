import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { shareInputSchema, shareParamSchema } from '@tokendesk/shared/schemas/token'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { currentUser } from '../../middleware/load-session'
import { allow, loadedToken } from '../../middleware/load-token'
import { stepUp } from '../../middleware/step-up'
import { sharesOf, shareToken, unshareToken } from '../../services/tokens/token-shares'

/** Mounted behind `requireUser` and `loadToken` (see app.ts). */
export function sharesRoutes(deps: AppDeps) {
  const { config } = deps
  return new Hono<AppEnv>()
    .get('/:id/shares', allow('token.read_shares'), validate('param', idParamSchema), async (c) =>
      c.json({ items: await sharesOf(deps, loadedToken(c).row.id), nextCursor: null }, 200),
    )
    .post(
      '/:id/shares',
      allow('token.share'),
      validate('param', idParamSchema),
      validate('json', shareInputSchema),
      async (c) => {
        const { row } = loadedToken(c)
        const input = c.req.valid('json')
        // A `use` share lets its holder reveal and bind bot keys: granting it is a reveal by proxy.
        if (input.access === 'use') stepUp(c.get('auth'), deps.clock())
        const share = await shareToken(deps, row, currentUser(c), input, who(c, config.trustProxy))
        return c.json(share, 201)
      },
    )
    .delete(
      '/:id/shares/:userId',
      allow('token.share'),
      validate('param', shareParamSchema),
      async (c) => {
        const { userId } = c.req.valid('param')
        const { row } = loadedToken(c)
        await unshareToken(deps, row, currentUser(c), userId, who(c, config.trustProxy))
        return c.body(null, 204)
      },
    )
}
