import { createHash, randomBytes } from 'node:crypto'
import { and, eq, isNull, lt } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import { oauthStates } from '../../db/schema'
import { fail } from '../../lib/http-error'

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

/**
 * Starts an authorization-code flow: a single-use `state` bound to this browser session and a
 * PKCE S256 pair. Only hashes and the encrypted verifier are stored.
 */
export function startAuthorization(
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
) {
  const { db, clock, keyring, config } = deps
  const now = clock()
  const state = randomBytes(32).toString('base64url')
  const verifier = randomBytes(32).toString('base64url')
  const stateHash = sha256(state)
  db.delete(oauthStates).where(lt(oauthStates.expiresAt, now)).run()
  db.insert(oauthStates)
    .values({
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
    })
    .run()
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
 * Consumes a `state`: it must exist, be unused, unexpired and belong to this session. One
 * conditional UPDATE marks it used before anything else, so of any number of concurrent
 * callbacks exactly one gets the row, and a replay can never reach the provider. A wrong
 * session or an expired state still burns it.
 */
export function consumeState(deps: AppDeps, state: string | undefined, sessionHash: string | null) {
  const { db, clock, keyring } = deps
  if (!state || state.length > 200) return fail(400, 'invalid_state', 'Missing or malformed state')
  const stateHash = sha256(state)
  const now = clock()
  const row = db
    .update(oauthStates)
    .set({ usedAt: now })
    .where(and(eq(oauthStates.stateHash, stateHash), isNull(oauthStates.usedAt)))
    .returning()
    .get()
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
