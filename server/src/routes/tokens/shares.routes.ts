import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { type ShareView, shareInputSchema, shareParamSchema } from '@tokendesk/shared/schemas/token'
import { and, asc, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { tokenShares, users } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { fail, notFound } from '../../lib/http-error'
import { validate } from '../../lib/validate'
import { allow, loadedToken } from '../../middleware/load-token'
import { currentUser } from '../../middleware/session'
import { recordAudit } from '../../services/audit'
import { findUserByEmail } from '../../services/users'

export function sharesRoutes({ db, clock, config }: AppDeps) {
  const list = (tokenId: string): ShareView[] =>
    db
      .select({ share: tokenShares, email: users.email, name: users.name })
      .from(tokenShares)
      .innerJoin(users, eq(users.id, tokenShares.userId))
      .where(eq(tokenShares.tokenId, tokenId))
      .orderBy(asc(users.email))
      .all()
      .map((r) => ({
        userId: r.share.userId,
        email: r.email,
        name: r.name,
        access: r.share.access,
        createdAt: new Date(r.share.createdAt).toISOString(),
      }))

  // Mounted behind `requireUser` and `loadToken` (see app.ts).
  return new Hono<AppEnv>()
    .get('/:id/shares', allow('token.read_shares'), validate('param', idParamSchema), (c) => {
      const t = loadedToken(c)
      return c.json({ items: list(t.row.id), nextCursor: null }, 200)
    })
    .post(
      '/:id/shares',
      allow('token.share'),
      validate('param', idParamSchema),
      validate('json', shareInputSchema),
      (c) => {
        const user = currentUser(c)
        const t = loadedToken(c)
        const { email, access } = c.req.valid('json')
        const target = findUserByEmail(db, email)
        if (!target || target.disabled)
          fail(400, 'validation_failed', 'No active person with that email')
        if (target.id === t.row.ownerId)
          fail(400, 'validation_failed', 'You already own this token')
        const now = clock()
        db.transaction((tx) => {
          tx.insert(tokenShares)
            .values({
              tokenId: t.row.id,
              userId: target.id,
              access,
              createdAt: now,
              createdBy: user.id,
            })
            .onConflictDoUpdate({
              target: [tokenShares.tokenId, tokenShares.userId],
              set: { access },
            })
            .run()
          recordAudit(tx, {
            at: now,
            actorId: user.id,
            action: 'token.share_added',
            targetType: 'token',
            targetId: t.row.id,
            ownerId: t.row.ownerId,
            ...who(c, config.trustProxy),
            detail: { with: target.email, access },
          })
        })
        const share = list(t.row.id).find((s) => s.userId === target.id) ?? notFound('Share')
        return c.json(share, 201)
      },
    )
    .delete(
      '/:id/shares/:userId',
      allow('token.share'),
      validate('param', shareParamSchema),
      (c) => {
        const user = currentUser(c)
        const { userId } = c.req.valid('param')
        const t = loadedToken(c)
        const removed = db
          .delete(tokenShares)
          .where(and(eq(tokenShares.tokenId, t.row.id), eq(tokenShares.userId, userId)))
          .run()
        if (removed.changes === 0) notFound('Share')
        recordAudit(db, {
          at: clock(),
          actorId: user.id,
          action: 'token.share_removed',
          targetType: 'token',
          targetId: t.row.id,
          ownerId: t.row.ownerId,
          ...who(c, config.trustProxy),
          detail: { userId },
        })
        return c.body(null, 204)
      },
    )
}
