import type { AppDeps } from '../../app-env'
import type { Who } from '../../lib/client-ip'
import { ApiError } from '../../lib/http-error'
import { lookupSession } from '../hipchat/hipchat-session-api'
import { findInstallation } from '../installations/installation-store'
import { findProvider } from '../providers/provider-store'
import { checkRenewTarget, readToken, renewGrant } from '../tokens/renew-grant'
import { storeIssuedToken } from '../tokens/store-issued-token'
import { installationClient, providerClient } from './credentials'
import { consumeState, exchangeAuthorizationCode, type OAuthClient } from './oauth-client'

/** The end of an authorization round trip: a page to show, or where the browser goes next. */
export type CallbackOutcome =
  | { kind: 'page'; status: 200 | 400 | 409 | 502; title: string; message: string; back?: string }
  | { kind: 'redirect'; location: string }

export type CallbackQuery = { code?: string; state?: string; error?: string }

const page = (
  status: 200 | 400 | 409 | 502,
  title: string,
  message: string,
  back?: string,
): CallbackOutcome => ({ kind: 'page', status, title, message, back })

/** Which client the flow was started through, and what a new token from it is called. */
async function flowClient(
  deps: AppDeps,
  flow: { installationId: string | null; providerId: string | null },
): Promise<
  | { client: OAuthClient; providerUrl: string; label: string; viaInstallation: boolean }
  | CallbackOutcome
> {
  if (flow.installationId) {
    const inst = await findInstallation(deps.db, flow.installationId)
    if (!inst?.oauthSecretEnc)
      return page(409, 'Installation removed', 'This installation no longer exists.')
    return {
      client: installationClient(deps.keyring, { ...inst, oauthSecretEnc: inst.oauthSecretEnc }),
      providerUrl: inst.apiUrl,
      label: 'User token',
      viaInstallation: true,
    }
  }
  const p = flow.providerId ? await findProvider(deps.db, flow.providerId) : undefined
  if (!p) return page(409, 'Provider removed', 'This provider no longer exists.')
  return {
    client: providerClient(deps.keyring, p),
    providerUrl: p.tokenUrl,
    label: `${p.name} user token`,
    viaInstallation: false,
  }
}

/**
 * The OAuth callback: spends the state, trades the code, and stores a new token or renews the
 * one a reconnect was started for. Every refusal is a page that says nothing was changed.
 */
export async function completeAuthorization(
  deps: AppDeps,
  q: CallbackQuery,
  sessionHash: string | null,
  who: Who,
): Promise<CallbackOutcome> {
  let flow: Awaited<ReturnType<typeof consumeState>>
  try {
    flow = await consumeState(deps, q.state, sessionHash)
  } catch (err) {
    if (err instanceof ApiError) return page(400, 'Sign-in link not valid', err.message)
    throw err
  }
  // A reconnect renews the token it was started for; every page of it leads back there.
  const target = flow.tokenId
    ? {
        tokenId: flow.tokenId,
        ownerId: flow.ownerId,
        installationId: flow.installationId,
        providerId: flow.providerId,
      }
    : null
  const back = target ? `/tokens/${target.tokenId}` : undefined
  const notReconnected = (message: string) =>
    page(409, 'The token was not reconnected', `${message} Nothing was changed.`, back)
  if (q.error) {
    const denied = q.error === 'access_denied'
    return page(
      denied ? 200 : 400,
      denied ? 'Connection cancelled' : 'The provider reported an error',
      denied
        ? 'You declined the request at the provider, so nothing was stored.'
        : `The provider answered “${q.error}”. Nothing was stored.`,
      back,
    )
  }
  if (!q.code)
    return page(400, 'Sign-in link not valid', 'The provider sent no authorization code.', back)
  if (target) {
    // Checked before the code is spent too, so a token deleted meanwhile costs no exchange.
    const refused = checkRenewTarget(await readToken(deps.db, target.tokenId), target)
    if (refused) return notReconnected(refused.message)
  }

  const source = await flowClient(deps, flow)
  if ('kind' in source) return source
  const result = await exchangeAuthorizationCode(deps, source.client, q.code, flow.codeVerifier)
  if (!result.ok) {
    return page(
      502,
      'The provider refused the code',
      `${result.failure.message}. Start the connection again.`,
      back,
    )
  }
  let label = source.label
  let providerUser: { id: string; name: string } | null = null
  if (source.viaInstallation) {
    const found = await lookupSession(deps.http, source.providerUrl, result.tokens.accessToken)
    if (found.kind === 'ok' && found.session.owner) {
      providerUser = { id: String(found.session.owner.id), name: found.session.owner.name ?? '' }
      label = `${providerUser.name || 'User'} (user token)`
    }
  }
  if (target) {
    const renewed = await renewGrant(deps, {
      ...target,
      tokens: result.tokens,
      providerUser,
      actorId: flow.ownerId,
      who,
    })
    if (!renewed.ok) return notReconnected(renewed.message)
    return { kind: 'redirect', location: `/tokens/${target.tokenId}?connected=1` }
  }
  const id = await storeIssuedToken(deps, {
    ownerId: flow.ownerId,
    kind: flow.installationId ? 'user' : 'oauth',
    grant: 'authorization_code',
    label,
    providerUrl: source.providerUrl,
    installationId: flow.installationId,
    providerId: flow.providerId,
    tokens: result.tokens,
    requestedScopes: flow.scopes,
    providerUser,
    actorId: flow.ownerId,
    who,
  })
  return { kind: 'redirect', location: `/tokens/${id}?connected=1` }
}
