import { createHash, randomBytes } from 'node:crypto'
import type { AppDeps } from '../../app-env'
import { fail } from '../../lib/http-error'
import { saveState, takeState } from './oauth-state-store'
import { requestToken, type TokenRequest, type TokenResult } from './token-client'

/** Everything the token endpoint needs to authenticate a client. */
export type OAuthClient = Omit<TokenRequest, 'params'>

export const STATE_TTL_MS = 10 * 60_000
export const CALLBACK_PATH = '/api/oauth/callback'

const sha256 = (v: string) => createHash('sha256').update(v).digest('base64url')
const verifierAad = (stateHash: string, ownerId: string) => ({
  table: 'oauth_states',
  column: 'code_verifier',
  rowId: stateHash,
  ownerId,
})

export function redirectUri(publicUrl: string) {
  return `${publicUrl}${CALLBACK_PATH}`
}

/** A scope list as people type it in a query string: space- or comma-separated. */
export function parseScopeList(raw: string | undefined) {
  return (raw ?? '').split(/[\s,]+/).filter(Boolean)
}

/** RFC 6749 §4.4.2: `scope` is optional, so an empty list sends none (the client's default). */
export function clientCredentialsParams(scopes: readonly string[]): Record<string, string> {
  return {
    grant_type: 'client_credentials',
    ...(scopes.length ? { scope: scopes.join(' ') } : {}),
  }
}

const wire = (client: OAuthClient, params: Record<string, string>): TokenRequest => ({
  tokenUrl: client.tokenUrl,
  clientId: client.clientId,
  clientSecret: client.clientSecret,
  clientAuth: client.clientAuth,
  params,
})

/** A client-credentials token for `client`, classified; never throws. */
export function mintClientCredentials(
  deps: Pick<AppDeps, 'http'>,
  client: OAuthClient,
  scopes: readonly string[],
): Promise<TokenResult> {
  return requestToken(deps.http, wire(client, clientCredentialsParams(scopes)))
}

/** Trades the code of a finished authorization (with its PKCE verifier) for tokens. */
export function exchangeAuthorizationCode(
  deps: Pick<AppDeps, 'http' | 'config'>,
  client: OAuthClient,
  code: string,
  codeVerifier: string,
): Promise<TokenResult> {
  return requestToken(
    deps.http,
    wire(client, {
      grant_type: 'authorization_code',
      code,
      redirect_uri: redirectUri(deps.config.publicUrl),
      code_verifier: codeVerifier,
    }),
  )
}

/**
 * Starts an authorization-code flow: a single-use `state` bound to this browser session and a
 * PKCE S256 pair. Only hashes and the encrypted verifier are stored. Returns the consent URL.
 */
export async function startAuthorization(
  deps: AppDeps,
  input: {
    sessionHash: string
    ownerId: string
    authorizationUrl: string
    clientId: string
    scopes: string[]
    installationId?: string
    providerId?: string
    /** Reconnect: the callback renews this token instead of creating one. */
    tokenId?: string
  },
): Promise<string> {
  const { db, clock, keyring, config } = deps
  const now = clock()
  const state = randomBytes(32).toString('base64url')
  const verifier = randomBytes(32).toString('base64url')
  const stateHash = sha256(state)
  await saveState(
    db,
    {
      stateHash,
      sessionHash: input.sessionHash,
      ownerId: input.ownerId,
      installationId: input.installationId ?? null,
      providerId: input.providerId ?? null,
      tokenId: input.tokenId ?? null,
      codeVerifierEnc: keyring.encrypt(verifier, verifierAad(stateHash, input.ownerId)),
      scopes: input.scopes,
      createdAt: now,
      expiresAt: now + STATE_TTL_MS,
    },
    now,
  )
  const url = new URL(input.authorizationUrl)
  url.searchParams.set('response_type', 'code')
  url.searchParams.set('client_id', input.clientId)
  url.searchParams.set('redirect_uri', redirectUri(config.publicUrl))
  if (input.scopes.length) url.searchParams.set('scope', input.scopes.join(' '))
  // OpenID Connect providers may drop offline_access (no refresh token) unless consent is asked.
  if (input.scopes.includes('offline_access')) url.searchParams.set('prompt', 'consent')
  url.searchParams.set('state', state)
  url.searchParams.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'))
  url.searchParams.set('code_challenge_method', 'S256')
  return url.toString()
}

/**
 * Consumes a `state`: it must exist, be unused, unexpired and belong to this session. It is
 * marked used before anything else, so of any number of concurrent callbacks exactly one gets
 * the row, and a replay can never reach the provider. A wrong session or an expired state still
 * burns it.
 */
export async function consumeState(
  deps: AppDeps,
  state: string | undefined,
  sessionHash: string | null,
) {
  const { db, clock, keyring } = deps
  if (!state || state.length > 200) return fail(400, 'invalid_state', 'Missing or malformed state')
  const stateHash = sha256(state)
  const now = clock()
  const row = await takeState(db, stateHash, now)
  if (!row || row.expiresAt <= now || row.sessionHash !== sessionHash) {
    return fail(
      400,
      'invalid_state',
      'This sign-in link is not valid any more; start again from Token Desk',
    )
  }
  return {
    ...row,
    codeVerifier: keyring.decrypt(row.codeVerifierEnc, verifierAad(stateHash, row.ownerId)),
  }
}
