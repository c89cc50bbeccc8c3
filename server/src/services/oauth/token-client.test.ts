import { createServer, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { createHttpClient } from '../../lib/outbound/http-client'
import { useLoopbackServer } from '../../test/loopback-server'
import { type ClassifiedFailure, requestToken, type TokenRequest } from './token-client'

/** A loopback token endpoint whose next answer each test chooses. */
let answer: (res: ServerResponse, body: string) => void = (res) => res.end()
const endpoint = useLoopbackServer((_req, res, body) => answer(res, body))

const refreshToken = 'rt+secret/value= with space'
const clientSecret = 'client+secret/value'
const request = (over: Partial<TokenRequest> = {}): TokenRequest => ({
  tokenUrl: `${endpoint.origin()}/token`,
  clientId: 'client',
  clientSecret,
  clientAuth: 'client_secret_post',
  params: { grant_type: 'refresh_token', refresh_token: refreshToken },
  ...over,
})
const json = (status: number, value: unknown, headers: Record<string, string> = {}) =>
  (answer = (res) => {
    res.writeHead(status, { 'content-type': 'application/json', ...headers })
    res.end(JSON.stringify(value))
  })

async function fail(over: Partial<TokenRequest> = {}, timeoutMs = 2000) {
  const http = createHttpClient({ trusted: [endpoint.origin()], timeoutMs })
  const result = await requestToken(http, request(over))
  if (result.ok) throw new Error('expected a failure')
  return result.failure as ClassifiedFailure
}

describe('requestToken failure classification', () => {
  it.each([
    [400, { error: 'invalid_grant', error_description: 'Token expired' }, 'invalid_grant'],
    [400, { error: 'invalid_client' }, 'invalid_client'],
    [400, { error: 'invalid_scope', error_description: 'no' }, 'rejected'],
    // A bare 401 (a proxy, an empty body) says nothing about the client (item 1).
    [401, { error: 'whatever' }, 'rejected'],
    [
      400,
      { error: { code: 400, message: 'invalid_grant: reused', type: 'invalid_grant' } },
      'invalid_grant',
    ],
    [401, { error: { code: 401, message: 'Bad client', type: 'Unauthorized' } }, 'invalid_client'],
  ] as const)('classifies %i %j as %s', async (status, body, kind) => {
    json(status, body)
    const failure = await fail()
    expect(failure.kind).toBe(kind)
    expect(failure.status).toBe(status)
  })

  it('says what the provider said, with a short excerpt of its description', async () => {
    json(400, { error: 'invalid_grant', error_description: 'Token expired' })
    expect(await fail()).toMatchObject({
      reason: 'invalid_grant',
      message: 'provider said invalid_grant (HTTP 400): Token expired',
    })
    json(400, { error: { code: 400, message: 'invalid_grant: reused', type: 'invalid_grant' } })
    expect((await fail()).message).toBe('provider said invalid_grant (HTTP 400): reused')
    json(400, { error: 'invalid_scope', error_description: 'no' })
    expect(await fail()).toMatchObject({
      reason: 'invalid_scope',
      message: 'provider said invalid_scope (HTTP 400): no',
    })
  })

  it('never takes an unknown error code as a reason, and scrubs it like any excerpt', async () => {
    json(400, { error: encodeURIComponent(refreshToken), error_description: 'echo' })
    const failure = await fail()
    expect(failure.reason).toBe('rejected')
    expect(failure.message).toBe('provider refused the request (HTTP 400): [redacted]: echo')
  })

  it('removes the secrets it sent from an echoed body and Authorization header', async () => {
    answer = (res, body) => {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: 'invalid_request', error_description: `got ${body}` }))
    }
    expect(await fail()).toMatchObject({
      reason: 'invalid_request',
      message:
        'provider said invalid_request (HTTP 400): got [redacted]&refresh_token=[redacted]&client_id=client&client_secret=[redacted]',
    })
    answer = (res) => {
      res.writeHead(400, { 'content-type': 'application/json' })
      res.end(JSON.stringify({ error: 'invalid_request', error_description: `auth ${auth}` }))
    }
    let auth = ''
    endpoint.server.once('request', (req) => {
      auth = req.headers.authorization ?? ''
    })
    const basic = await fail({ clientAuth: 'client_secret_basic' })
    expect(auth).toMatch(/^Basic /)
    expect(basic.message).toBe('provider said invalid_request (HTTP 400): auth Basic [redacted]')
  })

  it('classifies rate limiting and server errors as retryable, with Retry-After', async () => {
    json(429, { error: 'slow_down' }, { 'retry-after': '7' })
    expect(await fail()).toMatchObject({
      kind: 'retryable',
      reason: 'rate_limited',
      status: 429,
      retryAfterMs: 7000,
    })
    answer = (res, body) => {
      res.writeHead(503, { 'content-type': 'text/html' })
      res.end(`<pre>${body}</pre>`)
    }
    expect(await fail()).toMatchObject({
      kind: 'retryable',
      reason: 'server_error',
      status: 503,
      message: 'provider server error (HTTP 503)',
    })
  })

  it('classifies an unusable success answer as malformed_response', async () => {
    answer = (res) => res.writeHead(200, { 'content-type': 'text/html' }).end('<html>ok</html>')
    expect(await fail()).toMatchObject({
      kind: 'malformed',
      reason: 'malformed_response',
      message: 'provider sent an unusable answer (HTTP 200)',
    })
  })

  it('classifies a provider that does not answer as timeout, and a closed port as unreachable', async () => {
    answer = () => {}
    expect(await fail({}, 300)).toMatchObject({
      kind: 'retryable',
      reason: 'timeout',
      timeout: true,
      status: null,
      message: 'provider did not answer in time',
    })
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const port = (closed.address() as AddressInfo).port
    await new Promise<void>((r) => closed.close(() => r()))
    const http = createHttpClient({ trusted: [`http://127.0.0.1:${port}`] })
    const result = await requestToken(http, request({ tokenUrl: `http://127.0.0.1:${port}/t` }))
    expect(result.ok ? null : result.failure).toMatchObject({
      kind: 'retryable',
      reason: 'unreachable',
      message: 'provider unreachable',
    })
  })

  it('classifies a URL the outbound policy refuses as refused, without calling it', async () => {
    const failure = await fail({ tokenUrl: 'http://127.0.0.1:1/token' })
    expect(failure).toMatchObject({ kind: 'rejected', reason: 'refused', status: 0 })
  })
})
