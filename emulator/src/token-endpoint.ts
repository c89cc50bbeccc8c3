import type { Context } from 'hono'
import { Hono } from 'hono'
import { bodyLimit } from 'hono/body-limit'
import { parseBasic } from './auth-headers'
import type { OAuthClient } from './clients'
import { faultResponse, sleep } from './faults'
import { authorizationCodeGrant, clientCredentialsGrant, refreshTokenGrant } from './grants'
import { safeEqual } from './random'
import { errorJson } from './responses'
import type { EmulatorState } from './state'
import { readTokenParams } from './token-params'

const KNOWN_UNSUPPORTED = new Set(['password', 'personal', 'room_notification'])

export const tokenBodyLimit = bodyLimit({
  maxSize: 64 * 1024,
  onError: (c) => errorJson(c, 413, 'Body too large'),
})

export function tokenEndpoint(state: EmulatorState): Hono {
  const app = new Hono()
  app.post('/', async (c) => {
    const res = await handle(c, state)
    res.headers.set('Cache-Control', 'no-store')
    res.headers.set('Pragma', 'no-cache')
    return res
  })
  return app
}

async function handle(c: Context, state: EmulatorState): Promise<Response> {
  const signals = [c.req.raw.signal, state.shutdown.signal]
  if (state.controls.latencyMs > 0) await sleep(state.controls.latencyMs, signals)
  const fault = state.controls.takeFault()
  if (fault) return faultResponse(c, state, fault)

  const client = authenticate(c, state)
  if (client instanceof Response) return client
  const parsed = await readTokenParams(c)
  if (!parsed.ok) return errorJson(c, 400, parsed.message)
  const { params } = parsed
  switch (params.grant_type) {
    case 'client_credentials':
      return clientCredentialsGrant(c, state, client, params)
    case 'authorization_code':
      return authorizationCodeGrant(c, state, client, params)
    case 'refresh_token':
      return refreshTokenGrant(c, state, client, params)
    case undefined:
    case '':
      return errorJson(c, 400, 'invalid_request: grant_type is required')
    default: {
      const what = KNOWN_UNSUPPORTED.has(params.grant_type) ? 'not emulated' : 'unknown'
      return errorJson(c, 400, `unsupported_grant_type: ${params.grant_type} is ${what}`)
    }
  }
}

function authenticate(c: Context, state: EmulatorState): OAuthClient | Response {
  const credentials = parseBasic(c.req.header('authorization'))
  const client = credentials ? state.clients.get(credentials.id) : undefined
  if (credentials && client?.secret && safeEqual(client.secret, credentials.secret)) return client
  c.header('WWW-Authenticate', 'Basic realm="HipChat"')
  const message = credentials
    ? 'Invalid OAuth client credentials'
    : 'OAuth client credentials are required (HTTP Basic oauthId:oauthSecret)'
  return errorJson(c, 401, message)
}
