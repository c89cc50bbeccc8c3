import { eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tokens } from '../../db/schema'
import { unseal } from '../../services/tokens/token-secrets'
import { authorizeAtOidcProvider } from '../../test/oidc/interact'
import {
  authenticated,
  bindOidcProvider,
  type OidcProvider,
} from '../../test/oidc/start-oidc-provider'
import { errorOf, seedUser, serveTestApp, signedIn } from '../../test/test-app'

/** Reconnect against a standards-complete OAuth 2 server (oidc-provider on loopback). */

let bound: Awaited<ReturnType<typeof bindOidcProvider>>
let op: OidcProvider
let t: Awaited<ReturnType<typeof serveTestApp>>
let owner: Awaited<ReturnType<typeof signedIn>>
let callbackUrl: string

beforeEach(async () => {
  bound = await bindOidcProvider()
  t = await serveTestApp({ TOKENDESK_TRUSTED_PROVIDERS: bound.issuer })
  callbackUrl = `${t.url}/api/oauth/callback`
  op = await bound.start({ redirectUri: callbackUrl })
  await seedUser(t, { email: 'ann@example.com' })
  owner = await signedIn(t, 'ann@example.com')
})
afterEach(async () => {
  await t.stop()
  await bound.close()
})

async function storedRow(id: string) {
  const [row] = await t.db.select().from(tokens).where(eq(tokens.id, id))
  if (!row) throw new Error(`token ${id} not stored`)
  return row
}
const tokenIds = async () => (await t.db.select({ id: tokens.id }).from(tokens)).map((r) => r.id)

async function secretsOf(id: string) {
  const row = await storedRow(id)
  const open = (column: 'access_token' | 'refresh_token', env: string | null) =>
    env ? unseal(t.deps.keyring, row, column, env) : null
  return {
    access: open('access_token', row.accessTokenEnc),
    refresh: open('refresh_token', row.refreshTokenEnc),
  }
}

async function register() {
  const client = op.clients.basic
  const res = await owner.api.providers.$post({
    json: {
      name: 'Test IdP',
      tokenUrl: op.tokenUrl,
      authorizationUrl: op.authorizationUrl,
      revocationUrl: op.revocationUrl,
      introspectionUrl: op.introspectionUrl,
      ...client,
      scopes: ['openid', 'offline_access', 'api:read'],
    },
  })
  expect(res.status).toBe(201)
  return (await res.json()).id
}

/** Follows a start URL through the provider's login and consent and back into Token Desk. */
async function throughProvider(startUrl: string) {
  const start = await owner.fetch(startUrl, { redirect: 'manual' })
  expect(start.status).toBe(302)
  const authorizeUrl = new URL(start.headers.get('location') ?? '')
  const callback = await authorizeAtOidcProvider(authorizeUrl.href, {
    redirectUri: callbackUrl,
    login: 'alice',
  })
  const done = await owner.fetch(callback, { redirect: 'manual' })
  return { authorizeUrl, done }
}

describe('reconnect with a generic OAuth provider', () => {
  it('puts a new grant into the same token after the provider revoked the old one', async () => {
    const providerId = await register()
    const first = await throughProvider(`${t.url}/api/providers/${providerId}/authorize`)
    const id = /^\/tokens\/([\w-]+)/.exec(first.done.headers.get('location') ?? '')?.[1] ?? ''
    const old = await secretsOf(id)
    const revoked = await fetch(
      op.revocationUrl,
      authenticated(op.clients.basic, {
        token: old.refresh ?? '',
        token_type_hint: 'refresh_token',
      }),
    )
    expect(revoked.status).toBe(200)
    const failed = await owner.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    expect((await errorOf(failed)).code).toBe('reauth_required')
    const { generation } = await storedRow(id)

    const again = await throughProvider(`${t.url}/api/tokens/${id}/reconnect`)
    expect(again.authorizeUrl.origin + again.authorizeUrl.pathname).toBe(op.authorizationUrl)
    expect(again.authorizeUrl.searchParams.get('scope')).toBe('openid offline_access api:read')
    expect(again.authorizeUrl.searchParams.get('prompt')).toBe('consent')
    expect(again.done.status).toBe(302)
    expect(again.done.headers.get('location')).toBe(`/tokens/${id}?connected=1`)

    expect(await tokenIds()).toEqual([id])
    expect(await storedRow(id)).toMatchObject({ status: 'active', generation: generation + 1 })
    const renewed = await secretsOf(id)
    expect(renewed.refresh).not.toBe(old.refresh)
    for (const value of [renewed.access, renewed.refresh])
      expect(await op.introspect(value ?? '', op.clients.basic)).toMatchObject({
        active: true,
        sub: 'alice',
      })
    expect(op.events.filter((e) => e === 'token authorization_code')).toHaveLength(2)

    // The token refreshes again with the new grant's rotating refresh token.
    const refreshed = await owner.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    expect(refreshed.status).toBe(200)
    expect(await refreshed.json()).toMatchObject({ id, status: 'valid' })
  })
})
