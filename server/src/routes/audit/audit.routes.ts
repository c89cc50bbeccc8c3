import { listAuditQuerySchema } from '@tokendesk/shared/schemas/audit'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { currentUser, requireUser } from '../../middleware/load-session'
import { listAuditFor } from '../../services/audit-view'

export function auditRoutes({ db }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', validate('query', listAuditQuerySchema), async (c) =>
      c.json(await listAuditFor(db, currentUser(c), c.req.valid('query')), 200),
    )
}
