import { type CreateTokenInput, DEFAULT_PROVIDER_URL } from '@tokendesk/shared/schemas/token'
import { and, eq } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import { newId } from '../../db/ids'
import { tokens } from '../../db/schema'
import { isUniqueViolation, transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { fail } from '../../lib/http-error'
import { matchTrusted } from '../../lib/outbound/trusted-origin'
import { recordAudit } from '../audit'
import { lookupSession } from '../hipchat/hipchat-session-api'
import { seal, tokenFingerprint } from './token-secrets'

const str = (v: string | number | undefined) => (v === undefined ? null : String(v))

/**
 * Stores a pasted personal or room token. A trusted provider is asked what the token is; its
 * 401 rejects the paste, while an unreachable provider leaves the token stored as unverified.
 */
export async function pasteToken(
  deps: AppDeps,
  user: SessionUser,
  input: CreateTokenInput,
  who: Who,
) {
  const { db, keyring, clock, config } = deps
  const fingerprint = tokenFingerprint(keyring, input.value)
  const duplicate = () => fail(409, 'duplicate_token', 'You already stored this token')
  const [exists] = await db
    .select({ id: tokens.id })
    .from(tokens)
    .where(and(eq(tokens.ownerId, user.id), eq(tokens.fingerprint, fingerprint)))
    .limit(1)
  if (exists) duplicate()

  const providerUrl = input.providerUrl ?? DEFAULT_PROVIDER_URL
  const trusted = matchTrusted(new URL(providerUrl), config.trustedProviders).trusted
  const lookup = trusted ? await lookupSession(deps.http, providerUrl, input.value) : null
  if (lookup?.kind === 'invalid')
    fail(422, 'token_invalid', 'The provider does not recognise this token')

  const now = clock()
  const session = lookup?.kind === 'ok' ? lookup.session : null
  const id = newId()
  const row = {
    id,
    ownerId: user.id,
    kind: input.kind,
    label: input.label,
    providerUrl,
    scopes: session ? session.scopes : (input.scopes ?? []),
    expiresAt:
      session?.expires_in !== undefined
        ? now + session.expires_in * 1000
        : input.expiresAt
          ? Date.parse(input.expiresAt)
          : null,
    roomId: str(session?.client?.room?.id),
    roomName: session?.client?.room?.name ?? null,
    providerUser: session?.owner
      ? { id: String(session.owner.id), name: session.owner.name ?? '' }
      : null,
    verified: session !== null,
    lastError:
      lookup?.kind === 'unavailable'
        ? `Not verified: ${lookup.reason}`
        : trusted
          ? null
          : 'Not verified: provider is not trusted',
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
