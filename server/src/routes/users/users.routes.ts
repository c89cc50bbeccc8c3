import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { createInviteInputSchema } from '@tokendesk/shared/schemas/invite'
import {
  createUserInputSchema,
  patchUserInputSchema,
  resetPasswordInputSchema,
} from '@tokendesk/shared/schemas/user'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { currentUser, requireAdmin } from '../../middleware/load-session'
import { requireRecentAuth, stepUp } from '../../middleware/step-up'
import { createInvite, listInvites, revokeInvite } from '../../services/invites'
import {
  createPerson,
  listUsers,
  resetPassword,
  toUserView,
  updatePerson,
} from '../../services/users'

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
      .get('/invites', async (c) => c.json({ items: await listInvites(db) }, 200))
      // An invite grants an account as creating one does: the same recent password.
      .post(
        '/invites',
        validate('json', createInviteInputSchema),
        requireRecentAuth(deps),
        async (c) => {
          const input = c.req.valid('json')
          const created = await createInvite(deps, currentUser(c), input, who(c, config.trustProxy))
          return c.json(created, 201)
        },
      )
      .delete('/invites/:id', validate('param', idParamSchema), async (c) => {
        const { id } = c.req.valid('param')
        await revokeInvite(deps, currentUser(c), id, who(c, config.trustProxy))
        return c.body(null, 204)
      })
      // Choosing someone's password lets the admin sign in as them: step-up, as granting a role.
      .put(
        '/:id/password',
        validate('param', idParamSchema),
        validate('json', resetPasswordInputSchema),
        requireRecentAuth(deps),
        async (c) => {
          const { id } = c.req.valid('param')
          const input = c.req.valid('json')
          const row = await resetPassword(
            deps,
            currentUser(c),
            id,
            input,
            who(c, config.trustProxy),
          )
          return c.json(toUserView(row), 200)
        },
      )
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
