import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { authorizeQuerySchema, mintInputSchema } from '@tokendesk/shared/schemas/installation'
import type { TokenView } from '@tokendesk/shared/schemas/token'
import { Hono } from 'hono'
import type { AppDeps, AppEnv, SessionUser } from '../../app-env'
import { type Who, who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { currentAuth, currentUser } from '../../middleware/load-session'

/** What an OAuth client Token Desk holds (an installation, a provider) does for its owner. */
export type OAuthClientActions = {
  mint: (
    deps: AppDeps,
    user: SessionUser,
    id: string,
    scopes: string[],
    who: Who,
  ) => Promise<TokenView>
  authorize: (
    deps: AppDeps,
    user: SessionUser,
    input: { id: string; sessionHash: string; scopes: string | undefined },
  ) => Promise<string>
}

/** `POST /:id/tokens` mints a client-credentials token; `GET /:id/authorize` starts a consent. */
export function oauthClientRoutes(deps: AppDeps, actions: OAuthClientActions) {
  return new Hono<AppEnv>()
    .post(
      '/:id/tokens',
      validate('param', idParamSchema),
      validate('json', mintInputSchema),
      async (c) => {
        const { id } = c.req.valid('param')
        const { scopes } = c.req.valid('json')
        const caller = who(c, deps.config.trustProxy)
        return c.json(await actions.mint(deps, currentUser(c), id, scopes, caller), 201)
      },
    )
    .get(
      '/:id/authorize',
      validate('param', idParamSchema),
      validate('query', authorizeQuerySchema),
      async (c) => {
        const url = await actions.authorize(deps, currentUser(c), {
          id: c.req.valid('param').id,
          sessionHash: currentAuth(c).sessionIdHash,
          scopes: c.req.valid('query').scopes,
        })
        return c.redirect(url, 302)
      },
    )
}
