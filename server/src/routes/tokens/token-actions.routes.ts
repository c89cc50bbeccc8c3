import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { reassignInputSchema, revealInputSchema } from '@tokendesk/shared/schemas/token'
import { eq } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { tokenShares, tokens } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { DecryptError } from '../../lib/crypto/keyring'
import { fail } from '../../lib/http-error'
import { validate } from '../../lib/validate'
import { guardIds } from '../../middleware/guard-ids'
import { currentUser, requireAdmin, requireUser } from '../../middleware/session'
import { recordAudit } from '../../services/audit'
import type { RefreshEngine } from '../../services/refresh/refresh-engine'
import { revokeToken } from '../../services/tokens/revoke-token'
import {
  findVisibleToken,
  requireOwnerOrAdmin,
  requireUse,
  visibleTokenView,
} from '../../services/tokens/token-access'
import { seal, unseal } from '../../services/tokens/token-secrets'
import { findUserByEmail } from '../../services/users'

/** Reveal and copy need a password entered this recently (ASVS 7.5 step-up). */
export const REVEAL_REAUTH_MS = 10 * 60_000

export function tokenActionsRoutes(deps: AppDeps, engine: RefreshEngine) {
  const { db, clock, config, keyring, logger } = deps
  return new Hono<AppEnv>()
    .use(requireUser)
    .use(
      '/:id',
      guardIds((user, id) => findVisibleToken(db, user, id)),
    )
    .use(
      '/:id/*',
      guardIds((user, id) => findVisibleToken(db, user, id)),
    )
    .post(
      '/:id/reveal',
      validate('param', idParamSchema),
      validate('json', revealInputSchema),
      (c) => {
        const user = currentUser(c)
        const t = findVisibleToken(db, user, c.req.valid('param').id)
        requireUse(t)
        const auth = c.get('auth')
        if (!auth || clock() - auth.authenticatedAt > REVEAL_REAUTH_MS) {
          fail(401, 'reauth_required', 'Enter your password again to reveal or copy a token')
        }
        if (!t.row.accessTokenEnc) fail(409, 'conflict', 'This token has no stored value')
        let value: string
        try {
          value = unseal(keyring, t.row, 'access_token', t.row.accessTokenEnc)
        } catch (err) {
          if (err instanceof DecryptError)
            logger.error({ tokenId: t.row.id }, 'token ciphertext failed its integrity check')
          throw err
        }
        const { purpose } = c.req.valid('json')
        // The audit row is written before the value leaves: no audit, no secret.
        recordAudit(db, {
          at: clock(),
          actorId: user.id,
          action: purpose === 'copy' ? 'token.copied' : 'token.revealed',
          targetType: 'token',
          targetId: t.row.id,
          ownerId: t.row.ownerId,
          ...who(c, config.trustProxy),
          detail: {
            userAgent: c.req.header('user-agent')?.slice(0, 200) ?? null,
            fingerprint: t.row.fingerprint.slice(0, 12),
          },
        })
        return c.json({ value }, 200)
      },
    )
    .post('/:id/refresh', validate('param', idParamSchema), async (c) => {
      const user = currentUser(c)
      const t = findVisibleToken(db, user, c.req.valid('param').id)
      if (t.access === 'view') fail(403, 'forbidden', 'You may see this token but not refresh it')
      await engine.refresh(t.row.id, { actorId: user.id, reason: 'manual' })
      return c.json(visibleTokenView(deps, user, t.row.id), 200)
    })
    .post('/:id/revoke', validate('param', idParamSchema), async (c) => {
      const user = currentUser(c)
      const t = findVisibleToken(db, user, c.req.valid('param').id)
      requireOwnerOrAdmin(t)
      return c.json(await revokeToken(deps, t.row, user, who(c, config.trustProxy)), 200)
    })
    .post(
      '/:id/owner',
      requireAdmin,
      validate('param', idParamSchema),
      validate('json', reassignInputSchema),
      (c) => {
        const admin = currentUser(c)
        const t = findVisibleToken(db, admin, c.req.valid('param').id)
        const target = findUserByEmail(db, c.req.valid('json').email)
        if (!target || target.disabled)
          fail(400, 'validation_failed', 'No active person with that email')
        const now = clock()
        const moved = { id: t.row.id, ownerId: target.id }
        // Ciphertexts are bound to the owner, so reassigning re-encrypts them under the new owner.
        const reseal = (column: 'access_token' | 'refresh_token', env: string | null) =>
          env === null ? null : seal(keyring, moved, column, unseal(keyring, t.row, column, env))
        try {
          db.transaction((tx) => {
            tx.update(tokens)
              .set({
                ownerId: target.id,
                accessTokenEnc: reseal('access_token', t.row.accessTokenEnc),
                refreshTokenEnc: reseal('refresh_token', t.row.refreshTokenEnc),
                updatedAt: now,
              })
              .where(eq(tokens.id, t.row.id))
              .run()
            tx.delete(tokenShares).where(eq(tokenShares.tokenId, t.row.id)).run()
            recordAudit(tx, {
              ...who(c, config.trustProxy),
              at: now,
              actorId: admin.id,
              action: 'token.owner_changed',
              targetType: 'token',
              targetId: t.row.id,
              ownerId: target.id,
              detail: { from: t.row.ownerId, to: target.id },
            })
          })
        } catch (err) {
          if (String(err).includes('UNIQUE'))
            fail(409, 'duplicate_token', 'That person already holds this token')
          throw err
        }
        return c.body(null, 204)
      },
    )
}
