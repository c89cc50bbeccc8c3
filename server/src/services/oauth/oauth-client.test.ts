import { beforeEach, describe, expect, it } from 'vitest'
import { createHttpClient } from '../../lib/outbound/http-client'
import { useLoopbackServer } from '../../test/loopback-server'
import { clientCredentialsParams, mintClientCredentials, parseScopeList } from './oauth-client'

/** A loopback token endpoint that keeps what each request carried. */
const seen: { body: string; authorization: string | undefined }[] = []
const endpoint = useLoopbackServer((req, res, body) => {
  seen.push({ body, authorization: req.headers.authorization })
  res.writeHead(200, { 'content-type': 'application/json' })
  res.end(JSON.stringify({ access_token: 'minted', token_type: 'bearer', expires_in: 60 }))
})
beforeEach(() => {
  seen.length = 0
})

const mint = (scopes: string[], clientAuth: 'client_secret_basic' | 'client_secret_post') =>
  mintClientCredentials(
    { http: createHttpClient({ trusted: [endpoint.origin()] }) },
    {
      tokenUrl: `${endpoint.origin()}/token`,
      clientId: 'client',
      clientSecret: 's3cret',
      clientAuth,
    },
    scopes,
  )

describe('mintClientCredentials', () => {
  it('sends no scope parameter for an empty scope list (RFC 6749 §4.4.2: it is optional)', async () => {
    const result = await mint([], 'client_secret_basic')
    expect(result.ok && result.tokens.accessToken).toBe('minted')
    expect(seen).toEqual([
      {
        body: 'grant_type=client_credentials',
        authorization: `Basic ${Buffer.from('client:s3cret').toString('base64')}`,
      },
    ])
  })

  it('sends the scopes space-separated, and post-auth credentials in the form', async () => {
    await mint(['view_room', 'send_notification'], 'client_secret_post')
    const form = new URLSearchParams(seen[0]?.body)
    expect(Object.fromEntries(form)).toEqual({
      grant_type: 'client_credentials',
      scope: 'view_room send_notification',
      client_id: 'client',
      client_secret: 's3cret',
    })
    expect(seen[0]?.authorization).toBeUndefined()
  })
})

describe('clientCredentialsParams', () => {
  it('is what the refresh engine re-mints with: the same rule for scope', () => {
    expect(clientCredentialsParams([])).toEqual({ grant_type: 'client_credentials' })
    expect(clientCredentialsParams(['a', 'b'])).toEqual({
      grant_type: 'client_credentials',
      scope: 'a b',
    })
  })
})

describe('parseScopeList', () => {
  it('splits on spaces and commas and drops empties', () => {
    expect(parseScopeList(undefined)).toEqual([])
    expect(parseScopeList(' openid, api:read  offline_access,')).toEqual([
      'openid',
      'api:read',
      'offline_access',
    ])
  })
})
