import type { InstallationView } from '@tokendesk/shared/schemas/installation'
import type { AppDeps, SessionUser } from '../../app-env'
import type { Who } from '../../lib/client-ip'
import { fail } from '../../lib/http-error'
import { listOwner, visibleOr404 } from '../authz/ownership'
import { installationClient } from '../oauth/credentials'
import { mintClientCredentials, parseScopeList, startAuthorization } from '../oauth/oauth-client'
import { storeIssuedToken } from '../tokens/store-issued-token'
import { visibleTokenView } from '../tokens/token-access'
import {
  findInstallation,
  type InstallationRow,
  installationExtras,
  listInstallations,
  removeInstallation,
  setInstallationHealth,
  upsertInstallation,
} from './installation-store'
import { verifyInstall } from './verify-install'

async function toInstallationView(
  deps: Pick<AppDeps, 'db'>,
  row: InstallationRow,
): Promise<InstallationView> {
  const { addonName, tokenCount } = await installationExtras(deps.db, row)
  return {
    id: row.id,
    addonId: row.addonId,
    addonName,
    ownerId: row.ownerId,
    oauthId: row.oauthId,
    capabilitiesUrl: row.capabilitiesUrl,
    apiUrl: row.apiUrl,
    scopes: row.scopes,
    groupId: row.groupId,
    groupName: row.groupName,
    roomId: row.roomId,
    status: row.status,
    source: row.source,
    canConnectUsers: row.authorizationUrl !== null && row.status === 'active',
    lastError: row.lastError,
    tokenCount,
    installedAt: new Date(row.installedAt).toISOString(),
    updatedAt: new Date(row.updatedAt).toISOString(),
  }
}

/** An installation its owner or an admin may see, or 404. */
export async function findVisibleInstallation(
  deps: Pick<AppDeps, 'db'>,
  user: SessionUser,
  id: string,
) {
  return visibleOr404(user, await findInstallation(deps.db, id), 'Installation')
}

/** The caller's own; an admin's list holds everyone's. */
export async function listInstallationsFor(deps: Pick<AppDeps, 'db'>, user: SessionUser) {
  const rows = await listInstallations(deps.db, listOwner(user))
  return Promise.all(rows.map((r) => toInstallationView(deps, r)))
}

export async function getInstallation(deps: Pick<AppDeps, 'db'>, user: SessionUser, id: string) {
  return toInstallationView(deps, await findVisibleInstallation(deps, user, id))
}

/** An installation entered by hand: the same checks as an install callback, no add-on. */
export async function createManualInstallation(
  deps: AppDeps,
  user: SessionUser,
  input: { oauthId: string; oauthSecret: string; capabilitiesUrl: string },
  who: Who,
) {
  const { caps, proof } = await verifyInstall(deps, { ...input, roomId: null, scopes: [] })
  const id = await upsertInstallation(deps, {
    ...input,
    ownerId: user.id,
    addonId: null,
    caps,
    proof,
    scopes: [],
    groupId: null,
    roomId: null,
    source: 'manual',
    who,
  })
  return getInstallation(deps, user, id)
}

/** Removal by its owner or an admin: the secret is wiped and its tokens revoked. */
export async function removeInstallationFor(
  deps: AppDeps,
  user: SessionUser,
  id: string,
  who: Who,
) {
  const row = await findVisibleInstallation(deps, user, id)
  if (row.status !== 'removed') await removeInstallation(deps, row, user.id, who)
}

function clientOf(deps: Pick<AppDeps, 'keyring'>, row: InstallationRow) {
  if (row.status === 'removed' || !row.oauthSecretEnc)
    return fail(409, 'conflict', 'This installation was removed')
  return installationClient(deps.keyring, { ...row, oauthSecretEnc: row.oauthSecretEnc })
}

/** Asks the provider whether the client still works, and records the answer. */
export async function verifyInstallation(deps: AppDeps, user: SessionUser, id: string) {
  const row = await findVisibleInstallation(deps, user, id)
  const result = await mintClientCredentials(deps, clientOf(deps, row), [])
  const broken = !result.ok && result.failure.kind === 'invalid_client'
  await setInstallationHealth(deps.db, row.id, {
    status: result.ok ? 'active' : broken ? 'broken' : row.status,
    lastError: result.ok ? null : result.failure.message.slice(0, 500),
    updatedAt: deps.clock(),
  })
  return getInstallation(deps, user, row.id)
}

/** A client-credentials token for the installation's owner, within its granted scopes. */
export async function mintInstallationToken(
  deps: AppDeps,
  user: SessionUser,
  id: string,
  scopes: string[],
  who: Who,
) {
  const row = await findVisibleInstallation(deps, user, id)
  if (row.ownerId !== user.id)
    fail(403, 'forbidden', 'Only the installation’s owner may mint tokens')
  const unknown = scopes.filter((s) => !row.scopes.includes(s))
  if (unknown.length)
    fail(400, 'validation_failed', `Not granted to this installation: ${unknown.join(', ')}`)
  const requested = scopes.length ? scopes : row.scopes
  const result = await mintClientCredentials(deps, clientOf(deps, row), requested)
  if (!result.ok) fail(502, 'provider_error', `The provider refused: ${result.failure.message}`)
  const { addonName } = await installationExtras(deps.db, row)
  const tokenId = await storeIssuedToken(deps, {
    ownerId: user.id,
    kind: 'addon',
    grant: 'client_credentials',
    label: `${addonName ?? row.groupName ?? 'Add-on'} token`,
    providerUrl: row.apiUrl,
    installationId: row.id,
    tokens: result.tokens,
    requestedScopes: requested,
    groupId: row.groupId,
    groupName: row.groupName,
    roomId: row.roomId,
    actorId: user.id,
    who,
  })
  return visibleTokenView(deps, user, tokenId)
}

/** Starts a user's consent through the installation; returns where to send the browser. */
export async function authorizeInstallationUser(
  deps: AppDeps,
  user: SessionUser,
  input: { id: string; sessionHash: string; scopes: string | undefined },
) {
  const row = await findVisibleInstallation(deps, user, input.id)
  if (row.ownerId !== user.id)
    fail(403, 'forbidden', 'Only the installation’s owner may connect users')
  if (row.status !== 'active' || !row.authorizationUrl)
    fail(409, 'conflict', 'This installation cannot connect users')
  const requested = parseScopeList(input.scopes)
  return startAuthorization(deps, {
    sessionHash: input.sessionHash,
    ownerId: user.id,
    authorizationUrl: row.authorizationUrl,
    clientId: row.oauthId,
    scopes: requested.length ? requested : row.scopes,
    installationId: row.id,
  })
}
