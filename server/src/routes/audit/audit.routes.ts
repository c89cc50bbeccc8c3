import { exportAuditQuerySchema, listAuditQuerySchema } from '@tokendesk/shared/schemas/audit'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { validate } from '../../lib/validate'
import { currentUser, requireUser } from '../../middleware/load-session'
import { exportAudit } from '../../services/audit-export'
import { listAuditFor } from '../../services/audit-view'

export function auditRoutes({ db, clock }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', validate('query', listAuditQuerySchema), async (c) =>
      c.json(await listAuditFor(db, currentUser(c), c.req.valid('query')), 200),
    )
    .get('/export', validate('query', exportAuditQuerySchema), async (c) => {
      const file = await exportAudit(db, currentUser(c), c.req.valid('query'), clock())
      return c.body(file.body, 200, {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
      })
    })
}
