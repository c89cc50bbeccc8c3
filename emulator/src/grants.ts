import type { Context } from 'hono'
import type { OAuthClient } from './clients'
import { s256 } from './random'
import { errorJson, invalidGrant, tokenResponse } from './responses'
import type { Scope } from './scopes'
import { isSubset, parseScopes } from './scopes'
import type { EmulatorState } from './state'
import type { TokenParams } from './token-params'
import type { RefreshToken } from './tokens'

type ScopeCheck = { ok: true; scopes: Scope[] } | { ok: false; response: Response }

/** Empty or omitted means everything allowed; otherwise a subset of `allowed`. */
function requestedScopes(c: Context, raw: string | undefined, allowed: Scope[]): ScopeCheck {
  const parsed = parseScopes(raw)
  if (!parsed.ok) {
    const message = `invalid_scope: unknown scope(s) ${parsed.unknown.join(', ')}`
    return { ok: false, response: errorJson(c, 400, message) }
  }
  if (parsed.scopes.length === 0) return { ok: true, scopes: [...allowed] }
  if (!isSubset(parsed.scopes, allowed)) {
    const extra = parsed.scopes.filter((s) => !allowed.includes(s))
    const message = `invalid_scope: scope(s) ${extra.join(', ')} not allowed; allowed: ${allowed.join(' ')}`
    return { ok: false, response: errorJson(c, 400, message) }
  }
  return { ok: true, scopes: parsed.scopes }
}

export function clientCredentialsGrant(
  c: Context,
  state: EmulatorState,
  client: OAuthClient,
  params: TokenParams,
): Response {
  const scopes = requestedScopes(c, params.scope, client.scopes)
  if (!scopes.ok) return scopes.response
  const access = state.tokens.issueAccess({
    kind: 'addon',
    clientId: client.id,
    groupId: client.groupId,
    roomId: client.roomId,
    userId: null,
    scopes: scopes.scopes,
    ttlSeconds: state.config.addonTtl,
  })
  return c.json(tokenResponse(state, access))
}

const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/

export function authorizationCodeGrant(
  c: Context,
  state: EmulatorState,
  client: OAuthClient,
  params: TokenParams,
): Response {
  if (!params.code) return errorJson(c, 400, 'invalid_request: code is required')
  const code = state.tokens.codes.get(params.code)
  if (!code || state.now() >= code.expiresAt) return invalidGrant(c, 'unknown or expired code')
  if (code.clientId !== client.id) return invalidGrant(c, 'code was issued to another client')
  if (code.used) {
    // RFC 6749 §4.1.2: a replayed code may mean it leaked, so withdraw what it produced.
    if (code.familyId) state.tokens.revokeFamily(code.familyId)
    return invalidGrant(c, 'code has already been used; tokens issued from it are revoked')
  }
  const redirectUri = params.redirect_uri ?? params.redirect_url
  if (redirectUri !== code.redirectUri) {
    return invalidGrant(c, 'redirect_uri does not match the authorization request')
  }
  if (code.challenge !== null) {
    const verifier = params.code_verifier
    if (!verifier || !VERIFIER.test(verifier)) {
      return invalidGrant(c, 'code_verifier is missing or malformed')
    }
    if (s256(verifier) !== code.challenge) return invalidGrant(c, 'PKCE verification failed')
  } else if (params.code_verifier !== undefined) {
    return invalidGrant(c, 'code_verifier sent but no code_challenge was used at authorization')
  }
  const user = state.directory.users.get(code.userId)
  if (!user) return invalidGrant(c, 'the authorizing user no longer exists')

  code.used = true
  const grant = state.tokens.startFamily(
    {
      clientId: client.id,
      userId: user.id,
      groupId: client.groupId,
      roomId: client.roomId,
      scopes: code.scopes,
    },
    state.config.userTtl,
  )
  code.familyId = grant.access.familyId
  return c.json(tokenResponse(state, grant.access, grant.refresh))
}

export function refreshTokenGrant(
  c: Context,
  state: EmulatorState,
  client: OAuthClient,
  params: TokenParams,
): Response {
  if (!params.refresh_token) return errorJson(c, 400, 'invalid_request: refresh_token is required')
  const record = state.tokens.refresh.get(params.refresh_token)
  const family = record ? state.tokens.families.get(record.familyId) : undefined
  if (!record || !family) return invalidGrant(c, 'unknown refresh token')
  if (family.clientId !== client.id)
    return invalidGrant(c, 'refresh token was issued to another client')
  if (family.revoked || record.status === 'revoked') {
    return invalidGrant(c, 'refresh token has been revoked')
  }
  if (state.now() >= record.expiresAt) return invalidGrant(c, 'refresh token has expired')

  if (record.status === 'rotated') {
    const replay = graceReplay(state, record)
    if (replay) return replay(c)
    state.tokens.revokeFamily(family.id)
    return invalidGrant(c, 'refresh token reuse detected; every token of this grant is revoked')
  }

  const scopes = requestedScopes(c, params.scope, family.scopes)
  if (!scopes.ok) return scopes.response
  const next = state.tokens.issueInFamily(family, scopes.scopes, state.config.userTtl)
  record.status = 'rotated'
  record.rotatedAt = state.now()
  record.successor = { access: next.access.token, refresh: next.refresh.token }
  return c.json(tokenResponse(state, next.access, next.refresh))
}

/**
 * Within the grace window a just-rotated token may be replayed once (a client that lost the
 * response retries) and gets the very same pair back, provided that pair is still unused.
 */
function graceReplay(state: EmulatorState, record: RefreshToken) {
  const graceMs = state.config.refreshGraceSeconds * 1000
  if (graceMs <= 0 || record.graceUsed || record.rotatedAt === null || !record.successor) return
  if (state.now() - record.rotatedAt >= graceMs) return
  const access = state.tokens.findActiveAccess(record.successor.access)
  const refresh = state.tokens.refresh.get(record.successor.refresh)
  if (!access || refresh?.status !== 'active') return
  record.graceUsed = true
  return (c: Context) => c.json(tokenResponse(state, access, refresh))
}
