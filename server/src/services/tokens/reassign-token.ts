import { eq } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import { tokenShares, tokens } from '../../db/schema'
import { isUniqueViolation, transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { fail, notFound } from '../../lib/http-error'
import { notify } from '../alerts/notify'
import { recordAudit } from '../audit'
import { findUserByEmail } from '../users'
import type { VisibleToken } from './token-access'
import { seal, unseal } from './token-secrets'

/**
 * Break glass: an admin moves a token to another person. Never to themselves (that would be a
 * way to read any value), always with a reason, audited, and the previous owner is told.
 * Ciphertexts are bound to the owner, so they are re-sealed from the row as it is inside the
 * write transaction: a refresh that committed meanwhile is carried over, not overwritten, and a
 * refresh still in flight seals against the new owner when it writes (see refresh-engine).
 */
export async function reassignToken(
  deps: AppDeps,
  t: VisibleToken,
  admin: SessionUser,
  input: { email: string; reason: string },
  who: Who,
) {
  const { db, keyring, clock } = deps
  const target = await findUserByEmail(db, input.email)
  if (!target || target.disabled) fail(400, 'validation_failed', 'No active person with that email')
  if (target.id === admin.id)
    fail(400, 'reassign_to_self', 'An admin cannot take a token for themselves')
  if (target.id === t.row.ownerId) fail(400, 'validation_failed', 'That person already owns it')
  const now = clock()
  try {
    await transaction(db, async (tx) => {
      const [cur] = await tx.select().from(tokens).where(eq(tokens.id, t.row.id)).limit(1)
      if (!cur) return notFound('Token')
      const moved = { id: cur.id, ownerId: target.id }
      const reseal = (column: 'access_token' | 'refresh_token', env: string | null) =>
        env === null ? null : seal(keyring, moved, column, unseal(keyring, cur, column, env))
      await tx
        .update(tokens)
        .set({
          ownerId: target.id,
          accessTokenEnc: reseal('access_token', cur.accessTokenEnc),
          refreshTokenEnc: reseal('refresh_token', cur.refreshTokenEnc),
          updatedAt: now,
        })
        .where(eq(tokens.id, cur.id))
      await tx.delete(tokenShares).where(eq(tokenShares.tokenId, cur.id))
      await recordAudit(tx, {
        ...who,
        at: now,
        actorId: admin.id,
        action: 'token.owner_changed',
        targetType: 'token',
        targetId: cur.id,
        ownerId: target.id,
        detail: { from: cur.ownerId, to: target.id, breakGlass: true, reason: input.reason },
      })
      // The previous owner hears of it in the app and through their webhooks.
      await notify(
        tx,
        {
          ownerId: cur.ownerId,
          tokenId: cur.id,
          type: 'reassigned',
          dedupeKey: `${cur.id}:reassigned:${now}:${target.id}`,
          title: `“${cur.label}” was reassigned to ${target.email} by ${admin.email}`,
          detail: { to: target.email, by: admin.email, reason: input.reason },
        },
        now,
      )
    })
  } catch (err) {
    if (isUniqueViolation(err)) fail(409, 'duplicate_token', 'That person already holds this token')
    throw err
  }
}
