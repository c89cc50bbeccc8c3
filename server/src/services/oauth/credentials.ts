import { eq } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import { installations, providers } from '../../db/schema'
import type { Keyring } from '../../lib/crypto/keyring'
import { fail } from '../../lib/http-error'
import type { TokenRow } from '../tokens/token-view'
import type { ClientAuth } from './token-client'

export type ClientCredentials = {
  tokenUrl: string
  clientId: string
  clientSecret: string
  clientAuth: ClientAuth
  revocationUrl: string | null
  installationId: string | null
}

export const installationSecretAad = (row: { id: string; ownerId: string }) => ({
  table: 'installations',
  column: 'oauth_secret',
  rowId: row.id,
  ownerId: row.ownerId,
})

export const providerSecretAad = (row: { id: string; ownerId: string }) => ({
  table: 'providers',
  column: 'client_secret',
  rowId: row.id,
  ownerId: row.ownerId,
})

type InstallationRow = typeof installations.$inferSelect
type ProviderRow = typeof providers.$inferSelect

/** An installation's OAuth client; the caller has checked it still holds a secret. */
export function installationClient(
  keyring: Keyring,
  inst: InstallationRow & { oauthSecretEnc: string },
): ClientCredentials {
  return {
    tokenUrl: inst.tokenUrl,
    clientId: inst.oauthId,
    // HipChat authenticated clients with HTTP Basic only.
    clientAuth: 'client_secret_basic',
    clientSecret: keyring.decrypt(inst.oauthSecretEnc, installationSecretAad(inst)),
    revocationUrl: null,
    installationId: inst.id,
  }
}

export function providerClient(keyring: Keyring, p: ProviderRow): ClientCredentials {
  return {
    tokenUrl: p.tokenUrl,
    clientId: p.clientId,
    clientAuth: p.clientAuth,
    clientSecret: keyring.decrypt(p.clientSecretEnc, providerSecretAad(p)),
    revocationUrl: p.revocationUrl,
    installationId: null,
  }
}

/** The OAuth client a token was issued to: an installation (HipChat) or a registered provider. */
export async function clientFor(deps: AppDeps, token: TokenRow): Promise<ClientCredentials> {
  if (token.installationId) {
    const [inst] = await deps.db
      .select()
      .from(installations)
      .where(eq(installations.id, token.installationId))
      .limit(1)
    if (!inst || inst.status === 'removed' || !inst.oauthSecretEnc) {
      return fail(409, 'conflict', 'The installation behind this token was removed')
    }
    return installationClient(deps.keyring, { ...inst, oauthSecretEnc: inst.oauthSecretEnc })
  }
  if (token.providerId) {
    const [p] = await deps.db
      .select()
      .from(providers)
      .where(eq(providers.id, token.providerId))
      .limit(1)
    if (!p) return fail(409, 'conflict', 'The provider behind this token was removed')
    return providerClient(deps.keyring, p)
  }
  return fail(
    409,
    'conflict',
    'This token cannot be refreshed: it was pasted, not issued to a client',
  )
}
