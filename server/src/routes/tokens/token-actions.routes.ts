import { idParamSchema } from '@tokendesk/shared/schemas/common'
import {
  reassignInputSchema,
  refreshInputSchema,
  revealInputSchema,
} from '@tokendesk/shared/schemas/token'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { fail, retryAfter } from '../../lib/http-error'
import { validate } from '../../lib/validate'
import { currentUser } from '../../middleware/load-session'
import { allow, loadedToken } from '../../middleware/load-token'
import { optionalJsonBody } from '../../middleware/security'
import { requireRecentAuth } from '../../middleware/step-up'
import type { RefreshEngine, RefreshOutcome } from '../../services/refresh/refresh-engine'
import { reassignToken } from '../../services/tokens/reassign-token'
import { revealToken } from '../../services/tokens/reveal-token'
import { revokeToken } from '../../services/tokens/revoke-token'
import { tokenViewFor } from '../../services/tokens/token-access'

/** `If-Match: "7"` (the token's generation as an ETag) works like `{"generation": 7}`. */
function ifMatchGeneration(header: string | undefined) {
  const m = header?.trim().match(/^(?:W\/)?"?(\d{1,15})"?$/)
  return m?.[1] === undefined ? undefined : Number(m[1])
}

/** A refresh outcome as the browser hears it: the fresh view, or one clear error. */
function refreshAnswer(outcome: RefreshOutcome) {
  switch (outcome.kind) {
    case 'refreshed':
    case 'already_fresh':
      return outcome.row
    case 'needs_reauth':
      return fail(409, 'reauth_required', `The provider refused the refresh: ${outcome.message}`)
    case 'not_refreshable':
      return outcome.reason === 'revoked'
        ? fail(409, 'conflict', 'This token was revoked')
        : fail(409, 'conflict', 'This token cannot be refreshed; paste a new one')
    case 'circuit_open':
      return fail(
        503,
        'provider_circuit_open',
        `${outcome.origin} is failing; refreshes are paused until ${new Date(outcome.until).toISOString()}`,
        retryAfter(outcome.until - Date.now()),
      )
    case 'failed':
      return fail(
        502,
        'provider_error',
        `The provider did not renew the token: ${outcome.failure.message}`,
      )
    case 'backing_off':
      return fail(
        502,
        'provider_error',
        `The last renewals failed; the next attempt is at ${new Date(outcome.until).toISOString()}`,
        retryAfter(outcome.until - Date.now()),
      )
  }
}

/** Mounted behind `requireUser` and `loadToken` (see app.ts). */
export function tokenActionsRoutes(deps: AppDeps, engine: RefreshEngine) {
  const { config } = deps
  return new Hono<AppEnv>()
    .post(
      '/:id/reveal',
      allow('token.read_value'),
      validate('param', idParamSchema),
      validate('json', revealInputSchema),
      requireRecentAuth(deps),
      async (c) => {
        const { purpose } = c.req.valid('json')
        const value = await revealToken(
          deps,
          loadedToken(c).row,
          currentUser(c),
          purpose,
          who(c, config.trustProxy),
        )
        return c.json({ value }, 200)
      },
    )
    .post(
      '/:id/refresh',
      allow('token.refresh'),
      validate('param', idParamSchema),
      optionalJsonBody,
      validate('json', refreshInputSchema),
      async (c) => {
        const t = loadedToken(c)
        const generation =
          c.req.valid('json').generation ?? ifMatchGeneration(c.req.header('if-match'))
        const outcome = await engine.refresh(t.row, {
          actor: { type: 'person', id: currentUser(c).id },
          when: generation === undefined ? 'force' : { since: generation },
        })
        return c.json(await tokenViewFor(deps, t, refreshAnswer(outcome)), 200)
      },
    )
    .post('/:id/revoke', allow('token.revoke'), validate('param', idParamSchema), async (c) =>
      c.json(
        await revokeToken(deps, loadedToken(c).row, currentUser(c), who(c, config.trustProxy)),
        200,
      ),
    )
    .post(
      '/:id/owner',
      allow('token.reassign'),
      validate('param', idParamSchema),
      validate('json', reassignInputSchema),
      requireRecentAuth(deps),
      async (c) => {
        await reassignToken(
          deps,
          loadedToken(c),
          currentUser(c),
          c.req.valid('json'),
          who(c, config.trustProxy),
        )
        return c.body(null, 204)
      },
    )
}
