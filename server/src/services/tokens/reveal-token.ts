import type { AppDeps, SessionUser } from '../../app-env'
import { transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { DecryptError } from '../../lib/crypto/keyring'
import { fail } from '../../lib/http-error'
import { recordAudit } from '../audit'
import { unseal } from './token-secrets'
import type { TokenRow } from './token-view'

/** Decrypts a token's value for an authorised person; the audit row is written before it leaves. */
export async function revealToken(
  deps: Pick<AppDeps, 'db' | 'clock' | 'keyring' | 'logger'>,
  row: TokenRow,
  actor: SessionUser,
  purpose: 'reveal' | 'copy',
  who: Who,
) {
  if (!row.accessTokenEnc) fail(409, 'conflict', 'This token has no stored value')
  let value: string
  try {
    value = unseal(deps.keyring, row, 'access_token', row.accessTokenEnc)
  } catch (err) {
    if (err instanceof DecryptError)
      deps.logger.error({ tokenId: row.id }, 'token ciphertext failed its integrity check')
    throw err
  }
  // No audit, no secret.
  await transaction(deps.db, (tx) =>
    recordAudit(tx, {
      at: deps.clock(),
      actorId: actor.id,
      action: purpose === 'copy' ? 'token.copied' : 'token.revealed',
      targetType: 'token',
      targetId: row.id,
      ownerId: row.ownerId,
      ...who,
      detail: { userAgent: who.userAgent, fingerprint: row.fingerprint.slice(0, 12) },
    }),
  )
  return value
}
