import { Hono } from 'hono'
import type { AppEnv } from '../../app-env'
import type { Db } from '../../db/client'
import { type HealthState, readiness } from '../../services/metrics/readiness'

/**
 * For load balancers and orchestrators, so no session and no Origin: `live` answers while the
 * process runs; `ready` while this replica should get traffic (database answering, schema
 * current, key verified, not shutting down).
 */
export function healthRoutes(db: Db, state: HealthState) {
  return new Hono<AppEnv>()
    .get('/live', (c) => c.json({ status: 'ok' as const }, 200))
    .get('/ready', async (c) => {
      const { ready, checks } = await readiness(db, state)
      return ready
        ? c.json({ status: 'ok' as const, checks }, 200)
        : c.json({ status: 'unavailable' as const, checks }, 503)
    })
}
