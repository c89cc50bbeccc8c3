import type { RecheckTokenInput } from '@tokendesk/shared/schemas/token'
import { eq } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import { tokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { fail, notFound } from '../../lib/http-error'
import { recordAudit } from '../audit'
import { unseal } from './token-secrets'
import type { TokenRow } from './token-view'
import { sessionColumns, verifyPasted } from './verify-pasted'

/**
 * A date the owner set on a verified token outlives a re-check; a date typed only because no
 * provider answered gives way to the provider's.
 */
function expiryAfterCheck(row: TokenRow, providerExpiresAt: number | null) {
  const keep = row.expiryManual && (row.verified || providerExpiresAt === null)
  if (keep) return { expiresAt: row.expiresAt, expiryManual: row.expiresAt !== providerExpiresAt }
  return { expiresAt: providerExpiresAt, expiryManual: false }
}

/**
 * The owner asks the provider again about a pasted token, possibly at a new API base. What the
 * provider says replaces scopes, room and its reported expiry; a manual expiry stays the
 * effective one. A failed check changes nothing, unless the owner chose to keep it unverified.
 */
export async function recheckToken(
  deps: Pick<AppDeps, 'db' | 'clock' | 'keyring' | 'http' | 'config'>,
  row: TokenRow,
  actor: SessionUser,
  input: RecheckTokenInput,
  who: Who,
): Promise<TokenRow> {
  if (row.kind !== 'personal' && row.kind !== 'notification')
    fail(409, 'conflict', 'Only pasted tokens are re-checked; this one comes from an installation')
  if (row.status === 'revoked' || !row.accessTokenEnc)
    fail(409, 'conflict', 'This token was revoked, so there is nothing to check')
  const value = unseal(deps.keyring, row, 'access_token', row.accessTokenEnc)
  const providerUrl = input.providerUrl ?? row.providerUrl
  const now = deps.clock()
  const checked = await verifyPasted(deps, providerUrl, value, now, !!input.allowUnverified)
  const { session, providerExpiresAt } = checked
  const verifiedColumns = session
    ? { ...sessionColumns(session), providerExpiresAt, ...expiryAfterCheck(row, providerExpiresAt) }
    : {}
  return transaction(deps.db, async (tx) => {
    const [written] = await tx
      .update(tokens)
      .set({
        providerUrl,
        verified: session !== null,
        lastError: checked.lastError,
        ...verifiedColumns,
        updatedAt: now,
      })
      .where(eq(tokens.id, row.id))
      .returning()
    if (!written) return notFound('Token')
    await recordAudit(tx, {
      at: now,
      actorId: actor.id,
      action: 'token.rechecked',
      targetType: 'token',
      targetId: row.id,
      ownerId: row.ownerId,
      ...who,
      detail: { verified: written.verified, providerChanged: providerUrl !== row.providerUrl },
    })
    return written
  })
}
