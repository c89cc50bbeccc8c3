import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import type Provider from 'oidc-provider'

export type OidcClient = {
  clientId: string
  clientSecret: string
  clientAuth: 'client_secret_basic' | 'client_secret_post'
}

export type OidcProviderOptions = {
  /** Token Desk's `${publicUrl}/api/oauth/callback`: start Token Desk first. */
  redirectUri: string
  /** Seconds; oidc-provider's defaults are 1 h (access) and 10 min (client credentials). */
  accessTokenTtl?: number
  /**
   * `oidc` keeps oidc-provider's default (OpenID Connect Core §11): a refresh token only when
   * `offline_access` was granted, which needs `prompt=consent` on the authorization request, or
   * oidc-provider silently drops the scope. `always` (the default here) behaves like most plain
   * OAuth 2 servers: every code exchange by a client allowed the refresh_token grant gets one.
   */
  refreshTokens?: 'always' | 'oidc'
}

export const OIDC_SCOPES = ['openid', 'offline_access', 'api:read'] as const

/**
 * Binds a loopback port for oidc-provider without starting it: the issuer (and so the origin to
 * put in TOKENDESK_TRUSTED_PROVIDERS) is known before Token Desk runs, while the redirect URI,
 * which needs Token Desk's port, is given to `start` afterwards.
 */
export async function bindOidcProvider() {
  // The issuer must contain the port, so the socket is bound before the provider exists.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => {
    res.statusCode = 503
    res.end()
  }
  const server = createServer((req, res) => handler(req, res))
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  const close = async () => {
    server.closeAllConnections()
    await new Promise<void>((resolve) => server.close(() => resolve()))
  }
  return {
    issuer,
    close,
    start: (opts: OidcProviderOptions) =>
      configure(issuer, opts, close, (h) => {
        handler = h
      }),
  }
}

/**
 * A real OAuth 2 / OpenID Connect server (oidc-provider) on 127.0.0.1 and a free port, with two
 * confidential clients that differ only in how they authenticate at the token endpoint.
 */
export async function startOidcProvider(opts: OidcProviderOptions) {
  return (await bindOidcProvider()).start(opts)
}

async function configure(
  issuer: string,
  opts: OidcProviderOptions,
  close: () => Promise<void>,
  serve: (handler: (req: IncomingMessage, res: ServerResponse) => void) => void,
) {
  const clients = {
    // Reserved characters in the secret exercise RFC 6749 §2.3.1 form-encoding in Basic auth.
    basic: {
      clientId: 'tokendesk-basic',
      clientSecret: 'basic secret: a+b/c%d&e=f',
      clientAuth: 'client_secret_basic',
    },
    post: {
      clientId: 'tokendesk-post',
      clientSecret: 'post-secret-0123456789',
      clientAuth: 'client_secret_post',
    },
  } satisfies Record<string, OidcClient>

  const restoreConsole = silenceOidcConsole()
  let provider: Provider
  try {
    // Imported here so its "Unsupported runtime" notice on Node 20 is silenced too.
    const { default: OidcProvider } = await import('oidc-provider')
    provider = new OidcProvider(issuer, {
      clients: Object.values(clients).map((c) => ({
        client_id: c.clientId,
        client_secret: c.clientSecret,
        token_endpoint_auth_method: c.clientAuth,
        grant_types: ['client_credentials', 'authorization_code', 'refresh_token'],
        response_types: ['code'],
        redirect_uris: [opts.redirectUri],
        scope: OIDC_SCOPES.join(' '),
      })),
      scopes: [...OIDC_SCOPES],
      // Any login works at the dev login form; the account is whoever typed their name.
      findAccount: async (_ctx: unknown, sub: string) => ({
        accountId: sub,
        claims: async () => ({ sub }),
      }),
      features: {
        devInteractions: { enabled: true },
        clientCredentials: { enabled: true },
        introspection: {
          enabled: true,
          allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: TokenLike) =>
            token.clientId === client.clientId,
        },
        revocation: {
          enabled: true,
          allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: TokenLike) =>
            token.clientId === client.clientId,
        },
        // Requests carry no `resource`, so tokens stay opaque and keep the scopes as asked.
        resourceIndicators: { enabled: false },
      },
      // PKCE on every authorization request; oidc-provider 9 only knows S256.
      pkce: { required: () => true },
      ...(opts.refreshTokens === 'oidc'
        ? {}
        : {
            // Called for authorization code exchanges only.
            issueRefreshToken: async (
              _ctx: unknown,
              client: { grantTypeAllowed(grant: string): boolean },
            ) => client.grantTypeAllowed('refresh_token'),
          }),
      // Every refresh_token grant answers a new refresh token and consumes the old one.
      rotateRefreshToken: true,
      // Every ttl is set: the defaults print a NOTICE each time they are used.
      ttl: {
        AccessToken: opts.accessTokenTtl ?? 3600,
        AuthorizationCode: 60,
        ClientCredentials: opts.accessTokenTtl ?? 600,
        Grant: 14 * 86_400,
        IdToken: 3600,
        Interaction: 3600,
        RefreshToken: 14 * 86_400,
        Session: 14 * 86_400,
      },
      clientBasedCORS: () => false,
      // Error pages as JSON, so a failing flow shows the provider's reason in the test output.
      renderError: async (ctx: { type: string; body: unknown }, out: unknown) => {
        ctx.type = 'json'
        ctx.body = out
      },
      cookies: { keys: ['tokendesk-test-cookie-key-not-secret'] },
    })
  } finally {
    restoreConsole()
  }
  // Server errors are answered to the caller; do not print stacks into the test output.
  provider.on('server_error', () => {})
  serve(provider.callback())

  // What the provider did, in order, e.g. `token refresh_token`, `token error authorization_code`.
  const events: string[] = []
  type GrantCtx = { oidc?: { params?: { grant_type?: string } } }
  const grantType = (ctx: unknown) => (ctx as GrantCtx).oidc?.params?.grant_type ?? '?'
  provider.on('grant.success', (ctx) => events.push(`token ${grantType(ctx)}`))
  provider.on('grant.error', (ctx) => events.push(`token error ${grantType(ctx)}`))
  provider.on('grant.revoked', () => events.push('grant revoked'))
  provider.on('revocation.error', () => events.push('revocation error'))
  for (const kind of ['access_token', 'client_credentials', 'refresh_token'])
    provider.on(`${kind}.destroyed`, () => events.push(`destroyed ${kind}`))

  // Endpoints as the provider advertises them (RFC 8414 / OIDC discovery).
  const discovery = (await (
    await fetch(`${issuer}/.well-known/openid-configuration`)
  ).json()) as Record<string, string>
  const endpoint = (name: string) => {
    const url = discovery[name]
    if (!url) throw new Error(`oidc-provider advertises no ${name}`)
    return url
  }

  return {
    issuer,
    provider,
    tokenUrl: endpoint('token_endpoint'),
    authorizationUrl: endpoint('authorization_endpoint'),
    revocationUrl: endpoint('revocation_endpoint'),
    introspectionUrl: endpoint('introspection_endpoint'),
    clients,
    events,
    /** RFC 7662 introspection as the given client, for asserting what the provider thinks. */
    async introspect(token: string, client: OidcClient) {
      const res = await fetch(endpoint('introspection_endpoint'), authenticated(client, { token }))
      if (res.status !== 200) throw new Error(`introspection answered ${res.status}`)
      return (await res.json()) as IntrospectionAnswer
    },
    close,
  }
}

export type OidcProvider = Awaited<ReturnType<typeof startOidcProvider>>

type TokenLike = { clientId?: string }

/** A form POST authenticated the way the client is registered to (RFC 6749 §2.3.1). */
export function authenticated(client: OidcClient, params: Record<string, string>): RequestInit {
  const body = new URLSearchParams(params)
  const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
  if (client.clientAuth === 'client_secret_basic') {
    const pair = `${encodeURIComponent(client.clientId)}:${encodeURIComponent(client.clientSecret)}`
    headers.authorization = `Basic ${Buffer.from(pair).toString('base64')}`
  } else {
    body.set('client_id', client.clientId)
    body.set('client_secret', client.clientSecret)
  }
  return { method: 'POST', headers, body: body.toString() }
}

export type IntrospectionAnswer = {
  active: boolean
  client_id?: string
  scope?: string
  sub?: string
  token_type?: string
  exp?: number
}

/** oidc-provider prints NOTICE/WARNING lines (dev keys, dev interactions) while it starts. */
function silenceOidcConsole() {
  const { warn, info } = console
  const quiet =
    (original: (...args: unknown[]) => void) =>
    (...args: unknown[]) => {
      if (typeof args[0] === 'string' && args[0].includes('oidc-provider ')) return
      original(...args)
    }
  console.warn = quiet(warn)
  console.info = quiet(info)
  return () => {
    console.warn = warn
    console.info = info
  }
}
