import { Hono } from 'hono'
import { z } from 'zod'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { completeAuthorization } from '../../services/oauth/complete-authorization'
import { callbackPage } from './callback-page'

const callbackQuerySchema = z.object({
  code: z.string().max(2000).optional(),
  state: z.string().max(500).optional(),
  error: z.string().max(200).optional(),
})

export function oauthRoutes(deps: AppDeps) {
  return new Hono<AppEnv>().get('/callback', validate('query', callbackQuerySchema), async (c) => {
    const outcome = await completeAuthorization(
      deps,
      c.req.valid('query'),
      c.get('auth')?.sessionIdHash ?? null,
      who(c, deps.config.trustProxy),
    )
    if (outcome.kind === 'redirect') return c.redirect(outcome.location, 302)
    return c.html(callbackPage(outcome.title, outcome.message, outcome.back), outcome.status)
  })
}
