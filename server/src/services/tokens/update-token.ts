import type { PatchTokenInput } from '@tokendesk/shared/schemas/token'
import { eq } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import { tokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { notFound } from '../../lib/http-error'
import { recordAudit } from '../audit'
import type { TokenRow } from './token-view'

/** The owner edits a label or a pasted token's expiry; returns the row as written. */
export async function updateToken(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  row: TokenRow,
  actor: SessionUser,
  patch: PatchTokenInput,
  who: Who,
): Promise<TokenRow> {
  const now = deps.clock()
  return transaction(deps.db, async (tx) => {
    const [written] = await tx
      .update(tokens)
      .set({
        ...(patch.label !== undefined ? { label: patch.label } : {}),
        ...(patch.expiresAt !== undefined
          ? { expiresAt: patch.expiresAt === null ? null : Date.parse(patch.expiresAt) }
          : {}),
        updatedAt: now,
      })
      .where(eq(tokens.id, row.id))
      .returning()
    if (!written) return notFound('Token')
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'token.updated',
      targetType: 'token',
      targetId: row.id,
      ownerId: row.ownerId,
      ...who,
      detail: { fields: Object.keys(patch) },
    })
    return written
  })
}
