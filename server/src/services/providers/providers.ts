import type {
  createProviderInputSchema,
  ProviderView,
} from '@tokendesk/shared/schemas/installation'
import type { z } from 'zod'
import type { AppDeps, SessionUser } from '../../app-env'
import { newId } from '../../db/ids'
import type { Who } from '../../lib/client-ip'
import { fail } from '../../lib/http-error'
import { OutboundError, vetUrl } from '../../lib/outbound/guarded-fetch'
import { listOwner, visibleOr404 } from '../authz/ownership'
import { providerClient, providerSecretAad } from '../oauth/credentials'
import { mintClientCredentials, parseScopeList, startAuthorization } from '../oauth/oauth-client'
import { storeIssuedToken } from '../tokens/store-issued-token'
import { visibleTokenView } from '../tokens/token-access'
import {
  findProvider,
  insertProvider,
  listProviders,
  type ProviderRow,
  providerTokenCount,
} from './provider-store'

async function toProviderView(
  { db }: Pick<AppDeps, 'db'>,
  row: ProviderRow,
): Promise<ProviderView> {
  return {
    id: row.id,
    name: row.name,
    tokenUrl: row.tokenUrl,
    authorizationUrl: row.authorizationUrl,
    revocationUrl: row.revocationUrl,
    introspectionUrl: row.introspectionUrl,
    clientId: row.clientId,
    clientAuth: row.clientAuth,
    scopes: row.scopes,
    tokenCount: await providerTokenCount(db, row.id),
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

/** A provider its owner or an admin may see, or 404. */
export async function findVisibleProvider(
  deps: Pick<AppDeps, 'db'>,
  user: SessionUser,
  id: string,
) {
  return visibleOr404(user, await findProvider(deps.db, id), 'Provider')
}

/** A provider the caller owns: only its owner may use the client it holds. */
async function findOwnProvider(deps: Pick<AppDeps, 'db'>, user: SessionUser, id: string) {
  const row = await findVisibleProvider(deps, user, id)
  if (row.ownerId !== user.id)
    fail(403, 'forbidden', 'Only the provider’s owner may use its client')
  return row
}

/** The caller's own; an admin's list holds everyone's. */
export async function listProvidersFor(deps: Pick<AppDeps, 'db'>, user: SessionUser) {
  const rows = await listProviders(deps.db, listOwner(user))
  return Promise.all(rows.map((r) => toProviderView(deps, r)))
}

export async function getProvider(deps: Pick<AppDeps, 'db'>, user: SessionUser, id: string) {
  return toProviderView(deps, await findVisibleProvider(deps, user, id))
}

/** Registers an OAuth client; every URL it will call must pass the outbound policy first. */
export async function createProvider(
  deps: AppDeps,
  user: SessionUser,
  input: z.infer<typeof createProviderInputSchema>,
  who: Who,
) {
  const { db, clock, config, keyring } = deps
  for (const url of [input.tokenUrl, input.revocationUrl, input.introspectionUrl]) {
    if (!url) continue
    try {
      await vetUrl(url, { trusted: config.trustedProviders })
    } catch (err) {
      if (err instanceof OutboundError) fail(403, 'provider_untrusted', `${url}: ${err.message}`)
      throw err
    }
  }
  const id = newId()
  const row: ProviderRow = {
    id,
    ownerId: user.id,
    name: input.name,
    tokenUrl: input.tokenUrl,
    authorizationUrl: input.authorizationUrl ?? null,
    revocationUrl: input.revocationUrl ?? null,
    introspectionUrl: input.introspectionUrl ?? null,
    clientId: input.clientId,
    clientSecretEnc: keyring.encrypt(
      input.clientSecret,
      providerSecretAad({ id, ownerId: user.id }),
    ),
    clientAuth: input.clientAuth,
    scopes: input.scopes,
    createdAt: clock(),
  }
  await insertProvider(db, row, {
    ...who,
    at: clock(),
    actorId: user.id,
    action: 'provider.created',
    targetType: 'provider',
    targetId: id,
    ownerId: user.id,
    detail: { name: row.name },
  })
  return toProviderView(deps, row)
}

/** A client-credentials token from the caller's provider; no scopes asks for its defaults. */
export async function mintProviderToken(
  deps: AppDeps,
  user: SessionUser,
  id: string,
  requested: string[],
  who: Who,
) {
  const p = await findOwnProvider(deps, user, id)
  const scopes = requested.length ? requested : p.scopes
  const result = await mintClientCredentials(deps, providerClient(deps.keyring, p), scopes)
  if (!result.ok) fail(502, 'provider_error', `The provider refused: ${result.failure.message}`)
  const tokenId = await storeIssuedToken(deps, {
    ownerId: user.id,
    kind: 'oauth',
    grant: 'client_credentials',
    label: `${p.name} client token`,
    providerUrl: p.tokenUrl,
    providerId: p.id,
    tokens: result.tokens,
    requestedScopes: scopes,
    actorId: user.id,
    who,
  })
  return visibleTokenView(deps, user, tokenId)
}

/** Starts a user's consent at the provider; returns where to send the browser. */
export async function authorizeProviderUser(
  deps: AppDeps,
  user: SessionUser,
  input: { id: string; sessionHash: string; scopes: string | undefined },
) {
  const p = await findOwnProvider(deps, user, input.id)
  if (!p.authorizationUrl) fail(409, 'conflict', 'This provider has no authorization URL')
  const requested = parseScopeList(input.scopes)
  return startAuthorization(deps, {
    sessionHash: input.sessionHash,
    ownerId: user.id,
    authorizationUrl: p.authorizationUrl,
    clientId: p.clientId,
    scopes: requested.length ? requested : p.scopes,
    providerId: p.id,
  })
}
