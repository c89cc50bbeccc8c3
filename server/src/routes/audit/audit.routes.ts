import { listAuditQuerySchema } from '@tokendesk/shared/schemas/audit'
import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { auditEvents } from '../../db/schema'
import { validate } from '../../lib/validate'
import { currentUser, requireUser } from '../../middleware/session'
import { listAuditEvents } from '../../services/audit-view'

export function auditRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', validate('query', listAuditQuerySchema), (c) => {
      const user = currentUser(c)
      // Owners see what happened to their own tokens and account; admins see everything.
      const scope = user.role === 'admin' ? undefined : eq(auditEvents.ownerId, user.id)
      return c.json(listAuditEvents(db, c.req.valid('query'), scope), 200)
    })
}
