import { and, eq } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import type { DbLike } from '../../db/client'
import { tokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { notify } from '../alerts/notify'
import { recordAudit } from '../audit'
import type { TokenSet } from '../oauth/token-client'
import { seal, tokenFingerprint } from './token-secrets'
import type { TokenRow } from './token-view'

type ProviderUser = { id: string; name: string }

/** Which token a reconnect flow was started for, as its OAuth state remembers it. */
export type RenewTarget = {
  tokenId: string
  /** Who started the flow: the token must still be theirs. */
  ownerId: string
  installationId: string | null
  providerId: string | null
}

export type RenewRefusal = { ok: false; reason: string; message: string }
export type RenewOutcome = { ok: true; row: TokenRow } | RenewRefusal

const refuse = (reason: string, message: string): RenewRefusal => ({ ok: false, reason, message })

/** Whether the token is still the one the flow was started for; null when it is. */
export function checkRenewTarget(row: TokenRow | undefined, target: RenewTarget) {
  if (!row) return refuse('token_gone', 'The token was deleted while you were at the provider.')
  if (row.ownerId !== target.ownerId)
    return refuse('owner_changed', 'The token changed hands while you were at the provider.')
  if (row.status === 'revoked')
    return refuse('revoked', 'The token was revoked while you were at the provider.')
  if (row.installationId !== target.installationId || row.providerId !== target.providerId)
    return refuse('other_client', 'The token now belongs to a different client.')
  return null
}

/** A grant may replace the token's only if it is for the same person and covers its scopes. */
function checkGrant(row: TokenRow, grant: TokenSet, providerUser: ProviderUser | null) {
  const had = row.providerUser
  if (had && !providerUser)
    return refuse(
      'user_unconfirmed',
      `The provider did not confirm which user approved, and this token belongs to ${had.name || 'a particular user'}.`,
    )
  if (had && providerUser && providerUser.id !== had.id)
    return refuse(
      'other_user',
      `You approved as ${providerUser.name || 'another user'}, but this token belongs to ${had.name || 'someone else'}. Reconnect and approve as ${had.name || 'that user'}.`,
    )
  // No scope in the answer means the scopes asked for (RFC 6749 §5.1), which were the token's.
  const missing = grant.scope ? row.scopes.filter((s) => !grant.scope?.includes(s)) : []
  if (missing.length)
    return refuse(
      'fewer_scopes',
      `The provider granted fewer scopes than the token had (missing: ${missing.join(', ')}).`,
    )
  return null
}

/**
 * Writes a grant from a reconnect into the token it was started for: same id, label, shares,
 * bot key bindings and history; new values sealed against the row as it is now, failure state
 * and any refresh lease cleared. The generation bump fences a refresh that was in flight.
 */
export async function renewGrant(
  deps: AppDeps,
  input: RenewTarget & {
    tokens: TokenSet
    providerUser: ProviderUser | null
    actorId: string
    who?: Who
  },
): Promise<RenewOutcome> {
  const now = deps.clock()
  return transaction(deps.db, async (tx): Promise<RenewOutcome> => {
    const row = await readToken(tx, input.tokenId)
    const refused =
      checkRenewTarget(row, input) ??
      (row ? checkGrant(row, input.tokens, input.providerUser) : null)
    if (refused || !row) return refused ?? refuse('token_gone', 'The token was deleted.')
    const t = input.tokens
    // Sealed against the row read in this transaction: an owner change cannot slip between.
    const ref = { id: row.id, ownerId: row.ownerId }
    const generation = row.generation + 1
    const updated = await tx
      .update(tokens)
      .set({
        accessTokenEnc: seal(deps.keyring, ref, 'access_token', t.accessToken),
        refreshTokenEnc: t.refreshToken
          ? seal(deps.keyring, ref, 'refresh_token', t.refreshToken)
          : null,
        fingerprint: tokenFingerprint(deps.keyring, t.accessToken),
        expiresAt: t.expiresIn === null ? null : now + t.expiresIn * 1000,
        providerExpiresAt: t.expiresIn === null ? null : now + t.expiresIn * 1000,
        expiryManual: false,
        refreshExpiresAt: null,
        scopes: t.scope ?? row.scopes,
        groupId: t.groupId ?? row.groupId,
        groupName: t.groupName ?? row.groupName,
        providerUser: input.providerUser ?? row.providerUser,
        verified: true,
        generation,
        status: 'active',
        failCount: 0,
        lastError: null,
        failingSince: null,
        nextAttemptAt: null,
        leaseOwner: null,
        leaseUntil: null,
        lastRefreshedAt: now,
        updatedAt: now,
      })
      .where(
        and(
          eq(tokens.id, row.id),
          eq(tokens.ownerId, row.ownerId),
          eq(tokens.generation, row.generation),
        ),
      )
      .returning()
    const [renewed] = updated
    if (updated.length !== 1 || !renewed)
      return refuse('conflict', 'The token changed while it was renewed.')
    await recordAudit(tx, {
      at: now,
      actorId: input.actorId,
      actorType: 'person',
      action: 'token.reconnected',
      targetType: 'token',
      targetId: row.id,
      ownerId: row.ownerId,
      ...input.who,
      detail: {
        generation,
        previousStatus: row.status,
        afterFailures: row.failCount,
        providerUser: (input.providerUser ?? row.providerUser)?.name ?? null,
      },
    })
    await notify(
      tx,
      {
        ownerId: row.ownerId,
        tokenId: row.id,
        type: 'reconnected',
        dedupeKey: `${row.id}:reconnected:${generation}`,
        title: `“${row.label}” was reconnected`,
      },
      now,
    )
    return { ok: true, row: renewed }
  })
}

export async function readToken(db: DbLike, id: string): Promise<TokenRow | undefined> {
  const [row] = await db.select().from(tokens).where(eq(tokens.id, id)).limit(1)
  return row
}
