import { idParamSchema } from '@tokendesk/shared/schemas/common'
import {
  createTokenInputSchema,
  listTokensQuerySchema,
  patchTokenInputSchema,
  recheckTokenInputSchema,
} from '@tokendesk/shared/schemas/token'
import { Hono, type TypedResponse } from 'hono'
import type { JSONParsed } from 'hono/utils/types'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import { currentUser } from '../../middleware/load-session'
import { allow, loadedToken } from '../../middleware/load-token'
import { can } from '../../services/authz/policy'
import { listTokensJson, type TokenListAnswer } from '../../services/tokens/list-tokens'
import { pasteToken } from '../../services/tokens/paste-token'
import { recheckToken } from '../../services/tokens/recheck-token'
import { deleteToken } from '../../services/tokens/revoke-token'
import { tokenViewFor, visibleTokenView } from '../../services/tokens/token-access'
import { tokenAuditFor } from '../../services/tokens/token-audit'
import { updateToken } from '../../services/tokens/update-token'

/** Mounted behind `requireUser` and `loadToken` (see app.ts). */
export function tokensRoutes(deps: AppDeps) {
  const { db, clock, config } = deps

  return new Hono<AppEnv>()
    .get('/', validate('query', listTokensQuerySchema), async (c) => {
      const q = c.req.valid('query')
      const json = await listTokensJson(db, currentUser(c), q, clock(), config.expiryWindows)
      // Already JSON (often kept from an earlier answer); the client's type, as `c.json` gives it.
      return c.body(json, 200, { 'Content-Type': 'application/json' }) as unknown as Response &
        TypedResponse<JSONParsed<TokenListAnswer>, 200, 'json'>
    })
    .post('/', validate('json', createTokenInputSchema), async (c) => {
      const user = currentUser(c)
      const id = await pasteToken(deps, user, c.req.valid('json'), who(c, config.trustProxy))
      return c.json(await visibleTokenView(deps, user, id), 201)
    })
    .get('/:id', validate('param', idParamSchema), async (c) =>
      c.json(await tokenViewFor(deps, loadedToken(c)), 200),
    )
    .patch(
      '/:id',
      allow('token.update'),
      validate('param', idParamSchema),
      validate('json', patchTokenInputSchema),
      async (c) => {
        const t = loadedToken(c)
        const row = await updateToken(
          deps,
          t.row,
          currentUser(c),
          c.req.valid('json'),
          who(c, config.trustProxy),
        )
        return c.json(await tokenViewFor(deps, t, row), 200)
      },
    )
    .post(
      '/:id/recheck',
      allow('token.update'),
      validate('param', idParamSchema),
      validate('json', recheckTokenInputSchema),
      async (c) => {
        const t = loadedToken(c)
        const row = await recheckToken(
          deps,
          t.row,
          currentUser(c),
          c.req.valid('json'),
          who(c, config.trustProxy),
        )
        return c.json(await tokenViewFor(deps, t, row), 200)
      },
    )
    .delete('/:id', allow('token.delete'), validate('param', idParamSchema), async (c) =>
      c.json(
        await deleteToken(deps, loadedToken(c).row, currentUser(c), who(c, config.trustProxy)),
        200,
      ),
    )
    .get('/:id/audit', validate('param', idParamSchema), async (c) => {
      const t = loadedToken(c)
      const full = can(t.relation, 'token.read_audit')
      return c.json(await tokenAuditFor(db, t.row.id, full ? null : currentUser(c).id), 200)
    })
}
