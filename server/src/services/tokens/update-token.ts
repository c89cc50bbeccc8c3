import type { PatchTokenInput } from '@tokendesk/shared/schemas/token'
import { eq } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import { tokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { fail, notFound } from '../../lib/http-error'
import { recordAudit } from '../audit'
import type { TokenRow } from './token-view'

/**
 * The expiry columns a patch writes. A date the owner types never replaces what the provider
 * reported (`providerExpiresAt`): it becomes the effective expiry and is marked manual, unless
 * it is the provider's own date.
 */
function expiryChange(row: TokenRow, patch: PatchTokenInput) {
  if (patch.expiryFromProvider) {
    if (row.providerExpiresAt === null)
      fail(409, 'conflict', 'The provider has not reported an expiry for this token')
    return { expiresAt: row.providerExpiresAt, expiryManual: false }
  }
  if (patch.expiresAt === undefined) return {}
  const expiresAt = patch.expiresAt === null ? null : Date.parse(patch.expiresAt)
  const manual =
    row.providerExpiresAt !== null ? expiresAt !== row.providerExpiresAt : expiresAt !== null
  return { expiresAt, expiryManual: manual }
}

/** The owner edits a label or a pasted token's expiry; returns the row as written. */
export async function updateToken(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  row: TokenRow,
  actor: SessionUser,
  patch: PatchTokenInput,
  who: Who,
): Promise<TokenRow> {
  const now = deps.clock()
  const expiry = expiryChange(row, patch)
  return transaction(deps.db, async (tx) => {
    const [written] = await tx
      .update(tokens)
      .set({
        ...(patch.label !== undefined ? { label: patch.label } : {}),
        ...expiry,
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
      detail: {
        fields: Object.keys(patch),
        ...('expiryManual' in expiry ? { expiryManual: expiry.expiryManual } : {}),
      },
    })
    return written
  })
}
