import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { createUserInputSchema, patchUserInputSchema } from '@tokendesk/shared/schemas/user'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { currentUser, requireAdmin } from '../../middleware/load-session'
import { requireRecentAuth, stepUp } from '../../middleware/step-up'
import { createPerson, listUsers, toUserView, updatePerson } from '../../services/users'

export function usersRoutes(deps: AppDeps) {
  const { db, config } = deps
  return (
    new Hono<AppEnv>()
      .use(requireAdmin)
      .get('/', async (c) =>
        c.json({ items: (await listUsers(db)).map(toUserView), nextCursor: null }, 200),
      )
      // Making people and granting roles is as strong as a reveal (an admin could otherwise mint
      // a fresh account to pass step-up by proxy): the same recent password.
      .post('/', validate('json', createUserInputSchema), requireRecentAuth(deps), async (c) => {
        const input = c.req.valid('json')
        const row = await createPerson(deps, currentUser(c), input, who(c, config.trustProxy))
        return c.json(toUserView(row), 201)
      })
      .patch(
        '/:id',
        validate('param', idParamSchema),
        validate('json', patchUserInputSchema),
        async (c) => {
          const { id } = c.req.valid('param')
          const patch = c.req.valid('json')
          // Disabling someone protects; it must stay quick. Anything that grants needs step-up.
          const onlyDisables = patch.role === undefined && patch.disabled === true
          if (!onlyDisables) stepUp(c.get('auth'), deps.clock())
          const row = await updatePerson(deps, currentUser(c), id, patch, who(c, config.trustProxy))
          return c.json(toUserView(row), 200)
        },
      )
  )
}
