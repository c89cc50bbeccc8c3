import type { AppDeps } from '../../app-env'
import { fail } from '../../lib/http-error'
import { OutboundError, vetUrl } from '../../lib/outbound/guarded-fetch'
import { mintClientCredentials } from '../oauth/oauth-client'
import { fetchCapabilities } from './capabilities'

export type InstallRequest = {
  oauthId: string
  oauthSecret: string
  capabilitiesUrl: string
  roomId: string | null
  /** Scopes to prove the credentials with; empty asks the provider for all of the client's. */
  scopes: string[]
  policy?: { allowGlobal: boolean; allowRoom: boolean }
}

/**
 * The install checks of docs/hipchat-protocol.md §4.2 and docs/security.md, in order; any failure
 * throws a 4xx before anything is stored. Returns what the installation row needs.
 */
export async function verifyInstall(deps: AppDeps, req: InstallRequest) {
  const caps = await fetchCapabilities(deps.http, req.capabilitiesUrl)
  try {
    await vetUrl(caps.tokenUrl, { trusted: deps.config.trustedProviders })
  } catch (err) {
    if (err instanceof OutboundError)
      fail(403, 'provider_untrusted', `Token URL refused: ${err.message}`)
    throw err
  }
  if (req.policy) {
    if (req.roomId === null && !req.policy.allowGlobal)
      fail(400, 'install_rejected', 'This add-on cannot be installed globally')
    if (req.roomId !== null && !req.policy.allowRoom)
      fail(400, 'install_rejected', 'This add-on cannot be installed in a room')
  }
  const client = {
    tokenUrl: caps.tokenUrl,
    clientId: req.oauthId,
    clientSecret: req.oauthSecret,
    clientAuth: 'client_secret_basic' as const,
  }
  const proof = await mintClientCredentials(deps, client, req.scopes)
  if (!proof.ok)
    fail(
      400,
      'install_rejected',
      `Unable to retrieve a token with these credentials: ${proof.failure.message}`,
    )
  return { caps, proof: proof.tokens }
}
