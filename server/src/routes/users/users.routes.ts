import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { createUserInputSchema, patchUserInputSchema } from '@tokendesk/shared/schemas/user'
import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { users } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { fail, notFound } from '../../lib/http-error'
import { validate } from '../../lib/validate'
import { currentUser, requireAdmin } from '../../middleware/session'
import { recordAudit } from '../../services/audit'
import { endUserSessions } from '../../services/sessions'
import { activeAdminCount, createUser, findUser, listUsers, toUserView } from '../../services/users'

export function usersRoutes({ db, clock, config }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireAdmin)
    .get('/', (c) => c.json({ items: listUsers(db).map(toUserView), nextCursor: null }, 200))
    .post('/', validate('json', createUserInputSchema), async (c) => {
      const admin = currentUser(c)
      const row = await createUser(db, clock(), c.req.valid('json'))
      recordAudit(db, {
        ...who(c, config.trustProxy),
        at: clock(),
        actorId: admin.id,
        action: 'user.created',
        targetType: 'user',
        targetId: row.id,
        ownerId: row.id,
        detail: { role: row.role },
      })
      return c.json(toUserView(row), 201)
    })
    .patch(
      '/:id',
      validate('param', idParamSchema),
      validate('json', patchUserInputSchema),
      (c) => {
        const admin = currentUser(c)
        const { id } = c.req.valid('param')
        const patch = c.req.valid('json')
        const target = findUser(db, id) ?? notFound('User')
        const losesAdmin =
          target.role === 'admin' &&
          !target.disabled &&
          (patch.role === 'owner' || patch.disabled === true)
        if (target.id === admin.id && patch.disabled === true) {
          fail(409, 'last_admin', 'You cannot disable your own account')
        }
        if (losesAdmin && activeAdminCount(db, target.id) === 0) {
          fail(409, 'last_admin', 'At least one active admin must remain')
        }
        db.update(users)
          .set({ ...patch, updatedAt: clock() })
          .where(eq(users.id, id))
          .run()
        if (patch.disabled) endUserSessions(db, id)
        recordAudit(db, {
          ...who(c, config.trustProxy),
          at: clock(),
          actorId: admin.id,
          action: 'user.updated',
          targetType: 'user',
          targetId: id,
          ownerId: id,
          detail: patch,
        })
        return c.json(toUserView(findUser(db, id) ?? notFound('User')), 200)
      },
    )
}
