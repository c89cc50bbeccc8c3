import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { currentUser, requireUser } from '../../middleware/load-session'
import { buildOverview } from '../../services/overview'

export function overviewRoutes({ db, clock, config }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', async (c) =>
      c.json(await buildOverview(db, currentUser(c), clock(), config.expiryWindows), 200),
    )
}
