import { alertSettingsSchema, markReadInputSchema } from '@tokendesk/shared/schemas/notification'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { currentUser, requireUser } from '../../middleware/load-session'
import {
  alertSettingsOf,
  listNotifications,
  markNotificationsRead,
  updateAlertSettings,
} from '../../services/alerts/inbox'

export function notificationsRoutes(deps: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', async (c) => {
      const { items, unread } = await listNotifications(deps, currentUser(c))
      return c.json({ items, unread, nextCursor: null }, 200)
    })
    .post('/read', validate('json', markReadInputSchema), async (c) => {
      await markNotificationsRead(deps, currentUser(c), c.req.valid('json'))
      return c.body(null, 204)
    })
    .get('/settings', (c) => c.json(alertSettingsOf(deps, currentUser(c)), 200))
    .put('/settings', validate('json', alertSettingsSchema), async (c) => {
      const input = c.req.valid('json')
      return c.json(await updateAlertSettings(deps, currentUser(c), input), 200)
    })
}
