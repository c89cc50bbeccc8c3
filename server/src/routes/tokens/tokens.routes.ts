import { idParamSchema } from '@tokendesk/shared/schemas/common'
import {
  createTokenInputSchema,
  listTokensQuerySchema,
  patchTokenInputSchema,
} from '@tokendesk/shared/schemas/token'
import { and, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps, AppEnv, SessionUser } from '../../app-env'
import { auditEvents, tokens } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { guardIds } from '../../middleware/guard-ids'
import { currentUser, requireUser } from '../../middleware/session'
import { recordAudit } from '../../services/audit'
import { listAuditEvents } from '../../services/audit-view'
import { listTokens } from '../../services/tokens/list-tokens'
import { pasteToken } from '../../services/tokens/paste-token'
import { deleteToken } from '../../services/tokens/revoke-token'
import {
  findVisibleToken,
  requireOwner,
  requireOwnerOrAdmin,
  visibleTokenView,
} from '../../services/tokens/token-access'

export function tokensRoutes(deps: AppDeps) {
  const { db, clock, config } = deps
  const view = (user: SessionUser, id: string) => visibleTokenView(deps, user, id)

  return new Hono<AppEnv>()
    .use(requireUser)
    .use(
      '/:id',
      guardIds((user, id) => findVisibleToken(db, user, id)),
    )
    .use(
      '/:id/*',
      guardIds((user, id) => findVisibleToken(db, user, id)),
    )
    .get('/', validate('query', listTokensQuerySchema), (c) =>
      c.json(
        listTokens(db, currentUser(c), c.req.valid('query'), clock(), config.expiryWindows),
        200,
      ),
    )
    .post('/', validate('json', createTokenInputSchema), async (c) => {
      const user = currentUser(c)
      const id = await pasteToken(deps, user, c.req.valid('json'), who(c, config.trustProxy))
      return c.json(view(user, id), 201)
    })
    .get('/:id', validate('param', idParamSchema), (c) =>
      c.json(view(currentUser(c), c.req.valid('param').id), 200),
    )
    .patch(
      '/:id',
      validate('param', idParamSchema),
      validate('json', patchTokenInputSchema),
      (c) => {
        const user = currentUser(c)
        const t = findVisibleToken(db, user, c.req.valid('param').id)
        requireOwner(t)
        const patch = c.req.valid('json')
        const now = clock()
        db.transaction((tx) => {
          tx.update(tokens)
            .set({
              ...(patch.label !== undefined ? { label: patch.label } : {}),
              ...(patch.expiresAt !== undefined
                ? { expiresAt: patch.expiresAt === null ? null : Date.parse(patch.expiresAt) }
                : {}),
              updatedAt: now,
            })
            .where(eq(tokens.id, t.row.id))
            .run()
          recordAudit(tx, {
            at: now,
            actorId: user.id,
            action: 'token.updated',
            targetType: 'token',
            targetId: t.row.id,
            ownerId: t.row.ownerId,
            ...who(c, config.trustProxy),
            detail: { fields: Object.keys(patch) },
          })
        })
        return c.json(view(user, t.row.id), 200)
      },
    )
    .delete('/:id', validate('param', idParamSchema), async (c) => {
      const user = currentUser(c)
      const t = findVisibleToken(db, user, c.req.valid('param').id)
      requireOwnerOrAdmin(t)
      return c.json(await deleteToken(deps, t.row, user, who(c, config.trustProxy)), 200)
    })
    .get('/:id/audit', validate('param', idParamSchema), (c) => {
      const t = findVisibleToken(db, currentUser(c), c.req.valid('param').id)
      const scope = and(eq(auditEvents.targetType, 'token'), eq(auditEvents.targetId, t.row.id))
      return c.json(listAuditEvents(db, { limit: 100 }, scope), 200)
    })
}
