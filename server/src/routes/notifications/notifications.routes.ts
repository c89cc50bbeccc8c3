import {
  alertSettingsSchema,
  markReadInputSchema,
  type NotificationView,
} from '@tokendesk/shared/schemas/notification'
import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { notifications, users } from '../../db/schema'
import { validate } from '../../lib/validate'
import { currentUser, requireUser } from '../../middleware/session'

export function notificationsRoutes({ db, clock }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', (c) => {
      const user = currentUser(c)
      const rows = db
        .select()
        .from(notifications)
        .where(eq(notifications.ownerId, user.id))
        .orderBy(desc(notifications.id))
        .limit(100)
        .all()
      const unread =
        db
          .select({ n: count() })
          .from(notifications)
          .where(and(eq(notifications.ownerId, user.id), isNull(notifications.readAt)))
          .get()?.n ?? 0
      const items: NotificationView[] = rows.map((r) => ({
        id: r.id,
        type: r.type,
        title: r.title,
        tokenId: r.tokenId,
        detail: r.detail ?? null,
        createdAt: new Date(r.createdAt).toISOString(),
        read: r.readAt !== null,
      }))
      return c.json({ items, unread, nextCursor: null }, 200)
    })
    .post('/read', validate('json', markReadInputSchema), (c) => {
      const user = currentUser(c)
      const { ids, all } = c.req.valid('json')
      const scope = and(eq(notifications.ownerId, user.id), isNull(notifications.readAt))
      if (all) db.update(notifications).set({ readAt: clock() }).where(scope).run()
      else if (ids?.length)
        db.update(notifications)
          .set({ readAt: clock() })
          .where(and(scope, inArray(notifications.id, ids)))
          .run()
      return c.body(null, 204)
    })
    .get('/settings', (c) => c.json({ expiryDays: currentUser(c).alertDays }, 200))
    .put('/settings', validate('json', alertSettingsSchema), (c) => {
      const user = currentUser(c)
      const { expiryDays } = c.req.valid('json')
      db.update(users)
        .set({ alertDays: expiryDays, updatedAt: clock() })
        .where(eq(users.id, user.id))
        .run()
      return c.json({ expiryDays }, 200)
    })
}
