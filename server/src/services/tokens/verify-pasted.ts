import type { AppDeps } from '../../app-env'
import { fail } from '../../lib/http-error'
import { matchTrusted } from '../../lib/outbound/trusted-origin'
import { lookupSession, type ProviderSession } from '../hipchat/hipchat-session-api'

export type PastedVerification =
  | { session: ProviderSession; providerExpiresAt: number | null; lastError: null }
  | { session: null; providerExpiresAt: null; lastError: string }

/**
 * Asks the provider at `providerUrl` what a pasted token is. Its 401 rejects the token; a provider
 * that is untrusted or cannot answer leaves it unverifiable, which is refused unless the person
 * said to save it anyway (`allowUnverified`). Never call this inside a transaction.
 */
export async function verifyPasted(
  deps: Pick<AppDeps, 'http' | 'config'>,
  providerUrl: string,
  value: string,
  now: number,
  allowUnverified: boolean,
): Promise<PastedVerification> {
  const origin = new URL(providerUrl).origin
  if (!matchTrusted(new URL(providerUrl), deps.config.trustedProviders).trusted) {
    if (!allowUnverified)
      fail(
        422,
        'provider_untrusted',
        `${origin} is not a provider this server trusts, so Token Desk cannot ask it whether the token works or when it expires. Choose a trusted provider, or save the token without verifying.`,
      )
    return {
      session: null,
      providerExpiresAt: null,
      lastError: 'Not verified: provider is not trusted',
    }
  }
  const lookup = await lookupSession(deps.http, providerUrl, value)
  if (lookup.kind === 'invalid')
    fail(422, 'token_invalid', 'The provider does not recognise this token')
  if (lookup.kind === 'unavailable') {
    if (!allowUnverified)
      fail(
        422,
        'provider_unreachable',
        `The provider at ${origin} did not answer usefully (${lookup.reason}), so the token could not be verified. Try again later, or save the token without verifying.`,
      )
    return { session: null, providerExpiresAt: null, lastError: `Not verified: ${lookup.reason}` }
  }
  const { session } = lookup
  const providerExpiresAt =
    session.expires_in !== undefined ? now + session.expires_in * 1000 : null
  return { session, providerExpiresAt, lastError: null }
}

const str = (v: string | number | undefined) => (v === undefined ? null : String(v))

/** The columns a provider's answer sets on a pasted token. */
export function sessionColumns(session: ProviderSession) {
  return {
    scopes: session.scopes,
    roomId: str(session.client?.room?.id),
    roomName: session.client?.room?.name ?? null,
    providerUser: session.owner
      ? { id: String(session.owner.id), name: session.owner.name ?? '' }
      : null,
  }
}
