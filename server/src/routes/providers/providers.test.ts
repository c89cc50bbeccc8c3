import { count, eq } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { tokens } from '../../db/schema'
import { unseal } from '../../services/tokens/token-secrets'
import { authorizeAtOidcProvider } from '../../test/oidc/interact'
import {
  authenticated,
  bindOidcProvider,
  type OidcClient,
  type OidcProvider,
} from '../../test/oidc/start-oidc-provider'
import { errorOf, seedUser, serveTestApp, signedIn } from '../../test/test-app'

/**
 * Token Desk against a real, standards-complete OAuth 2 server (oidc-provider on loopback):
 * registration, client_credentials with both client authentication methods, authorization code
 * with PKCE through the provider's own login and consent pages, rotating refresh, revocation.
 */

let bound: Awaited<ReturnType<typeof bindOidcProvider>>
let op: OidcProvider
let t: Awaited<ReturnType<typeof serveTestApp>>
let owner: Awaited<ReturnType<typeof signedIn>>
let callbackUrl: string

beforeEach(async () => {
  // The provider's origin must be trusted before Token Desk starts, and the provider needs
  // Token Desk's callback URL: bind the provider's port first, configure it last (useProvider).
  bound = await bindOidcProvider()
  t = await serveTestApp({ TOKENDESK_TRUSTED_PROVIDERS: bound.issuer })
  callbackUrl = `${t.url}/api/oauth/callback`
  await seedUser(t, { email: 'ann@example.com' })
  owner = await signedIn(t, 'ann@example.com')
})
afterEach(async () => {
  await t.stop()
  await bound.close()
})

/** Starts oidc-provider for every test of the enclosing describe. */
function useProvider(opts: { refreshTokens?: 'always' | 'oidc' } = {}) {
  beforeEach(async () => {
    op = await bound.start({ redirectUri: callbackUrl, ...opts })
  })
}

type ClientName = 'basic' | 'post'
const bothClients: ClientName[] = ['basic', 'post']

async function register(name: ClientName, overrides: Partial<OidcClient> = {}) {
  const client = { ...op.clients[name], ...overrides }
  const res = await owner.api.providers.$post({
    json: {
      name: `Test IdP (${name})`,
      tokenUrl: op.tokenUrl,
      authorizationUrl: op.authorizationUrl,
      revocationUrl: op.revocationUrl,
      introspectionUrl: op.introspectionUrl,
      clientId: client.clientId,
      clientSecret: client.clientSecret,
      clientAuth: client.clientAuth,
      scopes: ['openid', 'offline_access', 'api:read'],
    },
  })
  expect(res.status).toBe(201)
  return res.json()
}

const mint = (providerId: string, scopes: string[]) =>
  owner.api.providers[':id'].tokens.$post({ param: { id: providerId }, json: { scopes } })

const refresh = (id: string) => owner.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })

async function storedRow(id: string) {
  const [row] = await t.db
    .select({
      id: tokens.id,
      owner_id: tokens.ownerId,
      access_token_enc: tokens.accessTokenEnc,
      refresh_token_enc: tokens.refreshTokenEnc,
      generation: tokens.generation,
      status: tokens.status,
    })
    .from(tokens)
    .where(eq(tokens.id, id))
  if (!row) throw new Error(`no token ${id}`)
  return row
}
const tokenCount = async () => (await t.db.select({ n: count() }).from(tokens))[0]?.n ?? 0

/** The plaintext values Token Desk holds for a token, to ask the provider about them. */
async function secretsOf(id: string) {
  const row = await storedRow(id)
  const ref = { id: row.id, ownerId: row.owner_id }
  return {
    access: row.access_token_enc
      ? unseal(t.deps.keyring, ref, 'access_token', row.access_token_enc)
      : null,
    refresh: row.refresh_token_enc
      ? unseal(t.deps.keyring, ref, 'refresh_token', row.refresh_token_enc)
      : null,
  }
}

/** Authorization code + PKCE through oidc-provider's login and consent pages. */
async function connect(providerId: string, scopes = 'openid offline_access api:read') {
  const start = await owner.fetch(
    `${t.url}/api/providers/${providerId}/authorize?scopes=${encodeURIComponent(scopes)}`,
    { redirect: 'manual' },
  )
  expect(start.status).toBe(302)
  const authorizeUrl = start.headers.get('location') ?? ''
  const callback = await authorizeAtOidcProvider(authorizeUrl, {
    redirectUri: callbackUrl,
    login: 'alice',
  })
  const done = await owner.fetch(callback, { redirect: 'manual' })
  expect(done.status).toBe(302)
  const location = done.headers.get('location') ?? ''
  expect(location).toMatch(/^\/tokens\/[\w-]+\?connected=1$/)
  const id = /^\/tokens\/([\w-]+)/.exec(location)?.[1] ?? ''
  return { id, authorizeUrl: new URL(authorizeUrl), callback }
}

describe('the oidc-provider fixture', () => {
  useProvider()

  it('advertises its endpoints and insists on PKCE', async () => {
    expect(op.tokenUrl).toBe(`${op.issuer}/token`)
    expect(new URL(op.authorizationUrl).origin).toBe(op.issuer)
    const url = new URL(op.authorizationUrl)
    url.searchParams.set('client_id', op.clients.basic.clientId)
    url.searchParams.set('response_type', 'code')
    url.searchParams.set('redirect_uri', callbackUrl)
    url.searchParams.set('scope', 'openid')
    url.searchParams.set('state', 'x')
    const res = await fetch(url, { redirect: 'manual' })
    const back = new URL(res.headers.get('location') ?? '', op.issuer)
    expect(back.href.startsWith(callbackUrl)).toBe(true)
    expect(back.searchParams.get('error')).toBe('invalid_request')
    expect(back.searchParams.get('error_description')).toMatch(/PKCE/)
  })
})

describe('registering a provider', () => {
  useProvider()

  it('stores both clients without ever answering their secrets', async () => {
    const basic = await register('basic')
    const post = await register('post')
    expect(basic).toMatchObject({
      tokenUrl: op.tokenUrl,
      authorizationUrl: op.authorizationUrl,
      revocationUrl: op.revocationUrl,
      introspectionUrl: op.introspectionUrl,
      clientId: op.clients.basic.clientId,
      clientAuth: 'client_secret_basic',
      scopes: ['openid', 'offline_access', 'api:read'],
      tokenCount: 0,
    })
    expect(post).toMatchObject({ clientAuth: 'client_secret_post', clientId: 'tokendesk-post' })
    const list = await (await owner.api.providers.$get()).json()
    expect(list.items.map((p) => p.id).sort()).toEqual([basic.id, post.id].sort())
    const one = await owner.api.providers[':id'].$get({ param: { id: basic.id } })
    expect(one.status).toBe(200)
    const raw = JSON.stringify([list, await one.json()])
    expect(raw).not.toContain(op.clients.basic.clientSecret)
    expect(raw).not.toContain(op.clients.post.clientSecret)
    expect(raw).not.toMatch(/clientSecret/i)
  })

  it.each([
    ['token', (port: string) => ({ tokenUrl: `http://127.0.0.1:${port}/token` })],
    ['token (other host name)', (port: string) => ({ tokenUrl: `http://localhost:${port}/token` })],
    ['revocation', (port: string) => ({ revocationUrl: `http://127.0.0.1:${port}/revoke` })],
    [
      'introspection',
      (port: string) => ({ introspectionUrl: `http://127.0.0.1:${port}/introspect` }),
    ],
  ])('answers 403 for an untrusted %s URL and stores nothing', async (_name, urls) => {
    // A loopback port other than the trusted provider's one is untrusted: origins match exactly.
    const otherPort = String(Number(new URL(op.issuer).port) === 1 ? 2 : 1)
    const before = op.events.length
    const res = await owner.api.providers.$post({
      json: {
        name: 'Elsewhere',
        tokenUrl: op.tokenUrl,
        clientId: 'x',
        clientSecret: 'y',
        clientAuth: 'client_secret_basic',
        scopes: [],
        ...urls(otherPort),
      },
    })
    expect(res.status).toBe(403)
    expect((await errorOf(res)).code).toBe('provider_untrusted')
    expect((await (await owner.api.providers.$get()).json()).items).toEqual([])
    expect(op.events.length).toBe(before)
  })
})

describe('client_credentials', () => {
  useProvider()

  it.each(bothClients)('mints a token with %s client authentication', async (name) => {
    const provider = await register(name)
    const res = await mint(provider.id, ['api:read'])
    expect(res.status).toBe(201)
    const token = await res.json()
    expect(token).toMatchObject({
      kind: 'oauth',
      scopes: ['api:read'],
      refreshable: true,
      providerUrl: op.tokenUrl,
    })
    // oidc-provider's ClientCredentials tokens live 10 minutes.
    expect(Date.parse(token.expiresAt ?? '')).toBe(t.clock() + 600_000)
    expect(op.events).toEqual(['token client_credentials'])

    const { access, refresh: refreshToken } = await secretsOf(token.id)
    expect(refreshToken).toBeNull()
    const seen = await op.introspect(access ?? '', op.clients[name])
    expect(seen).toMatchObject({
      active: true,
      client_id: op.clients[name].clientId,
      scope: 'api:read',
    })
    const view = await (
      await owner.api.providers[':id'].$get({ param: { id: provider.id } })
    ).json()
    expect(view.tokenCount).toBe(1)
  })

  it.each(bothClients)(
    'renews a %s token without a refresh token by asking again',
    async (name) => {
      const provider = await register(name)
      const token = await (await mint(provider.id, ['api:read'])).json()
      const first = (await secretsOf(token.id)).access
      const res = await refresh(token.id)
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ id: token.id, scopes: ['api:read'] })
      const second = (await secretsOf(token.id)).access
      expect(second).not.toBe(first)
      expect((await storedRow(token.id)).generation).toBe(1)
      expect(op.events).toEqual(['token client_credentials', 'token client_credentials'])
      expect((await op.introspect(second ?? '', op.clients[name])).active).toBe(true)
    },
  )

  it.each(bothClients)(
    'answers 502 for a wrong %s client secret and stores nothing',
    async (name) => {
      const wrong = `${op.clients[name].clientSecret}-wrong`
      const provider = await register(name, { clientSecret: wrong })
      const res = await mint(provider.id, ['api:read'])
      expect(res.status).toBe(502)
      const error = await errorOf(res)
      expect(error.code).toBe('provider_error')
      expect(error.message).toContain('invalid_client')
      expect(JSON.stringify(error)).not.toContain(wrong)
      expect(await tokenCount()).toBe(0)
      expect(op.events).toEqual(['token error client_credentials'])
      const view = await (
        await owner.api.providers[':id'].$get({ param: { id: provider.id } })
      ).json()
      expect(view.tokenCount).toBe(0)
    },
  )
})

describe('authorization code with PKCE', () => {
  useProvider()

  it.each(bothClients)('connects through login and consent with the %s client', async (name) => {
    const provider = await register(name)
    const { id, authorizeUrl } = await connect(provider.id)
    expect(authorizeUrl.origin + authorizeUrl.pathname).toBe(op.authorizationUrl)
    expect(Object.fromEntries(authorizeUrl.searchParams)).toMatchObject({
      response_type: 'code',
      client_id: op.clients[name].clientId,
      redirect_uri: callbackUrl,
      scope: 'openid offline_access api:read',
      code_challenge_method: 'S256',
    })
    expect(authorizeUrl.searchParams.get('state')?.length).toBeGreaterThanOrEqual(43)
    expect(authorizeUrl.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/)
    expect(op.events).toEqual(['token authorization_code'])

    const token = await (await owner.api.tokens[':id'].$get({ param: { id } })).json()
    expect(token).toMatchObject({
      kind: 'oauth',
      label: `Test IdP (${name}) user token`,
      refreshable: true,
      status: 'valid',
      providerUrl: op.tokenUrl,
    })
    // Token Desk asks for consent along with offline_access, so the provider keeps the scope.
    expect(token.scopes).toEqual(['openid', 'offline_access', 'api:read'])
    const secrets = await secretsOf(id)
    expect(secrets.refresh).toBeTruthy()
    expect(await op.introspect(secrets.access ?? '', op.clients[name])).toMatchObject({
      active: true,
      sub: 'alice',
    })
    expect(await op.introspect(secrets.refresh ?? '', op.clients[name])).toMatchObject({
      active: true,
      sub: 'alice',
    })
  })

  it.each(bothClients)('refreshes a %s token with a rotating refresh token', async (name) => {
    const provider = await register(name)
    const { id } = await connect(provider.id)
    const first = { row: await storedRow(id), secrets: await secretsOf(id) }

    t.clock.advance(5 * 60_000)
    const once = await refresh(id)
    expect(once.status).toBe(200)
    const view = await once.json()
    expect(view).toMatchObject({ id, refreshable: true, status: 'valid' })
    expect(Date.parse(view.expiresAt ?? '')).toBe(t.clock() + 3600_000)
    const second = { row: await storedRow(id), secrets: await secretsOf(id) }
    expect(second.row.generation).toBe(1)
    expect(second.row.refresh_token_enc).not.toBe(first.row.refresh_token_enc)
    expect(second.row.access_token_enc).not.toBe(first.row.access_token_enc)
    expect(second.secrets.refresh).not.toBe(first.secrets.refresh)
    // Rotation really happened at the provider: the old refresh token is spent.
    expect((await op.introspect(first.secrets.refresh ?? '', op.clients[name])).active).toBe(false)
    expect((await op.introspect(second.secrets.refresh ?? '', op.clients[name])).active).toBe(true)

    const twice = await refresh(id)
    expect(twice.status).toBe(200)
    const third = await storedRow(id)
    expect(third.generation).toBe(2)
    expect(third.refresh_token_enc).not.toBe(second.row.refresh_token_enc)
    // Reuse of a rotated refresh token would revoke the whole grant; it never happened.
    expect(op.events).toEqual([
      'token authorization_code',
      'token refresh_token',
      'token refresh_token',
    ])
    expect((await op.introspect((await secretsOf(id)).access ?? '', op.clients[name])).active).toBe(
      true,
    )
  })

  it('answers 400 to a replayed callback and never sends the code twice', async () => {
    const provider = await register('basic')
    const { callback } = await connect(provider.id)
    const events = [...op.events]
    const replay = await owner.fetch(callback, { redirect: 'manual' })
    expect(replay.status).toBe(400)
    expect(await replay.text()).toContain('not valid')
    expect(op.events).toEqual(events)
    expect(await tokenCount()).toBe(1)
  })

  it('answers 400 to a forged state without calling the provider', async () => {
    const provider = await register('post')
    const start = await owner.fetch(`${t.url}/api/providers/${provider.id}/authorize`, {
      redirect: 'manual',
    })
    const callback = new URL(
      await authorizeAtOidcProvider(start.headers.get('location') ?? '', {
        redirectUri: callbackUrl,
      }),
    )
    callback.searchParams.set('state', 'forged-state-value')
    const res = await owner.fetch(callback.href, { redirect: 'manual' })
    expect(res.status).toBe(400)
    expect(op.events).toEqual([])
    expect(await tokenCount()).toBe(0)
  })

  it('stores nothing when the person cancels at the provider', async () => {
    const provider = await register('basic')
    const start = await owner.fetch(`${t.url}/api/providers/${provider.id}/authorize`, {
      redirect: 'manual',
    })
    const callback = await authorizeAtOidcProvider(start.headers.get('location') ?? '', {
      redirectUri: callbackUrl,
      decision: 'deny',
    })
    expect(new URL(callback).searchParams.get('error')).toBe('access_denied')
    const res = await owner.fetch(callback, { redirect: 'manual' })
    expect(res.status).toBe(200)
    expect(await res.text()).toContain('nothing was stored')
    expect(await tokenCount()).toBe(0)
  })
})

describe('revocation', () => {
  useProvider()

  it('wipes the stored values locally when a token is revoked', async () => {
    const provider = await register('basic')
    const { id } = await connect(provider.id)
    const res = await owner.api.tokens[':id'].revoke.$post({ param: { id } })
    expect(res.status).toBe(200)
    const row = await storedRow(id)
    expect(row).toMatchObject({
      status: 'revoked',
      access_token_enc: null,
      refresh_token_enc: null,
    })
    const view = await (await owner.api.tokens[':id'].$get({ param: { id } })).json()
    expect(view).toMatchObject({ refreshable: false })
  })

  // Registered providers are told through RFC 7009, never HipChat's session DELETE.
  it.each(['revoke', 'delete'] as const)(
    '%s tells the provider through its RFC 7009 revocation endpoint',
    async (action) => {
      const provider = await register('basic')
      const { id } = await connect(provider.id)
      const { access, refresh: refreshToken } = await secretsOf(id)
      const res =
        action === 'revoke'
          ? await owner.api.tokens[':id'].revoke.$post({ param: { id } })
          : await owner.api.tokens[':id'].$delete({ param: { id } })
      expect(res.status).toBe(200)
      expect(await res.json()).toMatchObject({ provider: 'revoked' })
      const client = op.clients.basic
      expect((await op.introspect(refreshToken ?? '', client)).active).toBe(false)
      expect((await op.introspect(access ?? '', client)).active).toBe(false)
    },
  )

  it('the fixture itself revokes through RFC 7009 (the call Token Desk should make)', async () => {
    const provider = await register('post')
    const { id } = await connect(provider.id)
    const { access, refresh: refreshToken } = await secretsOf(id)
    const client = op.clients.post
    const res = await fetch(
      op.revocationUrl,
      authenticated(client, { token: refreshToken ?? '', token_type_hint: 'refresh_token' }),
    )
    expect(res.status, await res.clone().text()).toBe(200)
    expect((await op.introspect(refreshToken ?? '', client)).active).toBe(false)
    // Revoking the refresh token revokes the grant, and with it the access token.
    expect((await op.introspect(access ?? '', client)).active).toBe(false)
    const renewed = await refresh(id)
    expect(renewed.status).toBe(409)
    expect((await errorOf(renewed)).code).toBe('reauth_required')
  })
})

describe('a strict OpenID provider (offline_access needs prompt=consent)', () => {
  useProvider({ refreshTokens: 'oidc' })

  // OpenID Connect Core §11 lets a provider ignore offline_access without prompt=consent.
  it('asks for offline access so that an OpenID provider issues a refresh token', async () => {
    const provider = await register('basic')
    const { id } = await connect(provider.id)
    expect((await secretsOf(id)).refresh).toBeTruthy()
  })

  // A code-flow token without a refresh token must not be renewed by minting a client token.
  it('never swaps a person’s token for a client_credentials token', async () => {
    const provider = await register('basic')
    const { id } = await connect(provider.id, 'openid api:read')
    const before = await secretsOf(id)
    expect(before.refresh).toBeNull()
    expect(await op.introspect(before.access ?? '', op.clients.basic)).toMatchObject({
      active: true,
      sub: 'alice',
    })
    await refresh(id)
    expect(op.events).toEqual(['token authorization_code'])
    expect((await secretsOf(id)).access).toBe(before.access)
  })
})
