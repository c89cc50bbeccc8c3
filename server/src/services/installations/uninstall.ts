import type { AppDeps } from '../../app-env'
import { transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { fail, notFound, retryAfter } from '../../lib/http-error'
import { recordAudit } from '../audit'
import { revokeSession } from '../hipchat/hipchat-session-api'
import { installationClient } from '../oauth/credentials'
import { mintClientCredentials } from '../oauth/oauth-client'
import { clearWindow, reserveInWindow } from '../window-throttle'
import { findAddonInstallation, findInstallation, removeInstallation } from './installation-store'
import { UNINSTALL_ATTEMPTS } from './uninstall-throttle'

/**
 * HipChat's `DELETE {callbackUrl}/{oauthId}` is unsigned and anyone can send it
 * (docs/hipchat-protocol.md §4.3). The only proof is the provider saying it no longer knows the
 * client; an outage, a rate limit or a garbled answer proves nothing, so it changes nothing.
 */
export async function uninstallFromProvider(
  deps: AppDeps,
  input: { addonId: string; oauthId: string; who?: Who },
) {
  const { db, clock } = deps
  const row = await findAddonInstallation(db, input.addonId, input.oauthId)
  if (!row || row.status === 'removed' || !row.oauthSecretEnc) return notFound('Installation')
  const secretEnc = row.oauthSecretEnc

  const reservation = await reserveInWindow(db, clock(), UNINSTALL_ATTEMPTS, row.id)
  if (!reservation.ok) {
    fail(429, 'too_many_requests', 'Too many uninstall attempts; try again later', {
      ...retryAfter(reservation.retryAfterMs),
    })
  }

  const client = installationClient(deps.keyring, { ...row, oauthSecretEnc: secretEnc })
  const probe = await mintClientCredentials(deps, client, [])
  if (probe.ok || probe.failure.kind !== 'invalid_client') {
    const reason = probe.ok ? 'client_still_valid' : probe.failure.kind
    const at = clock()
    await transaction(db, async (tx) => {
      await recordAudit(tx, {
        at,
        actorId: null,
        action: 'installation.uninstall_refused',
        targetType: 'installation',
        targetId: row.id,
        ownerId: row.ownerId,
        detail: { oauthId: row.oauthId, reason },
        ...input.who,
      })
    })
    if (probe.ok) {
      // The proof minted a live token: hand it back so forged calls leave nothing behind.
      await revokeSession(deps.http, row.apiUrl, probe.tokens.accessToken).catch(() => null)
      fail(403, 'forbidden', 'The provider still accepts this client; uninstall refused')
    }
    fail(
      503,
      'provider_unreachable',
      'The provider could not confirm the uninstall; nothing was changed. Try again later.',
    )
  }

  const removed = await removeInstallation(deps, row, null, input.who, {
    ifSecretEnc: secretEnc,
    detail: { via: 'provider_uninstall' },
  })
  if (!removed) {
    const now = await findInstallation(db, row.id)
    // Someone else removed it meanwhile: the caller's wish is met. A reinstall is not undone.
    if (now?.status !== 'removed')
      fail(409, 'conflict', 'The installation changed while the uninstall was checked')
  }
  await clearWindow(db, UNINSTALL_ATTEMPTS, row.id)
}
