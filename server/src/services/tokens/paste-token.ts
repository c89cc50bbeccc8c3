import { type CreateTokenInput, DEFAULT_PROVIDER_URL } from '@tokendesk/shared/schemas/token'
import { and, eq } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import { newId } from '../../db/ids'
import { tokens } from '../../db/schema'
import { isUniqueViolation, transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { fail } from '../../lib/http-error'
import { recordAudit } from '../audit'
import { seal, tokenFingerprint } from './token-secrets'
import { sessionColumns, verifyPasted } from './verify-pasted'

/**
 * Stores a pasted personal or room token. A trusted provider is asked what the token is; its
 * 401 rejects the paste. A token no provider vouched for is stored, unverified, only when the
 * person chose to (`allowUnverified`).
 */
export async function pasteToken(
  deps: AppDeps,
  user: SessionUser,
  input: CreateTokenInput,
  who: Who,
) {
  const { db, keyring, clock } = deps
  const fingerprint = tokenFingerprint(keyring, input.value)
  const duplicate = () => fail(409, 'duplicate_token', 'You already stored this token')
  const [exists] = await db
    .select({ id: tokens.id })
    .from(tokens)
    .where(and(eq(tokens.ownerId, user.id), eq(tokens.fingerprint, fingerprint)))
    .limit(1)
  if (exists) duplicate()

  const providerUrl = input.providerUrl ?? DEFAULT_PROVIDER_URL
  const now = clock()
  const checked = await verifyPasted(deps, providerUrl, input.value, now, !!input.allowUnverified)
  const { session, providerExpiresAt } = checked
  const typedExpiry = input.expiresAt ? Date.parse(input.expiresAt) : null
  const id = newId()
  const row = {
    id,
    ownerId: user.id,
    kind: input.kind,
    label: input.label,
    providerUrl,
    ...(session
      ? sessionColumns(session)
      : { scopes: input.scopes ?? [], roomId: null, roomName: null, providerUser: null }),
    expiresAt: providerExpiresAt ?? typedExpiry,
    providerExpiresAt,
    // A date typed in the dialog is only used when the provider names none: that is manual.
    expiryManual: providerExpiresAt === null && typedExpiry !== null,
    verified: session !== null,
    lastError: checked.lastError,
    accessTokenEnc: seal(keyring, { id, ownerId: user.id }, 'access_token', input.value),
    fingerprint,
    createdAt: now,
    updatedAt: now,
  }
  try {
    await transaction(db, async (tx) => {
      await tx.insert(tokens).values(row)
      await recordAudit(tx, {
        at: now,
        actorId: user.id,
        action: 'token.created',
        targetType: 'token',
        targetId: id,
        ownerId: user.id,
        ...who,
        detail: { kind: row.kind, verified: row.verified, fingerprint: fingerprint.slice(0, 12) },
      })
    })
  } catch (err) {
    if (isUniqueViolation(err)) duplicate()
    throw err
  }
  return row.id
}
