import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { RunningEmulator } from './index'
import { startEmulator } from './index'
import type { Credentials } from './testing/test-support'
import { basic, json, postToken } from './testing/test-support'

let emu: RunningEmulator
let client: Credentials

beforeAll(async () => {
  emu = await startEmulator({ port: 0 })
})
afterAll(() => emu.close())
beforeEach(() => {
  emu.reset()
  client = emu.registerClient({ groupId: emu.createGroup().id, scopes: ['view_room'] })
})

const cc = () => postToken(emu, client, { grant_type: 'client_credentials' })
const api = (path: string, body?: unknown, method = body === undefined ? 'GET' : 'POST') =>
  fetch(`${emu.url}/admin/api${path}`, {
    method,
    ...(body === undefined
      ? {}
      : { headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) }),
  })

describe('faults', () => {
  it('500 applies to the next N token requests, then normal service resumes', async () => {
    const res = await api('/faults', { mode: '500', count: 2 })
    expect(res.status).toBe(201)
    for (let i = 0; i < 2; i++) {
      const r = await cc()
      expect(r.status).toBe(500)
      expect((await json<{ error: { code: number } }>(r)).error.code).toBe(500)
    }
    expect((await cc()).status).toBe(200)
  })

  it('429 carries Retry-After and an exhausted rate-limit header', async () => {
    await api('/faults', { mode: '429', retryAfter: 7 })
    const r = await cc()
    expect(r.status).toBe(429)
    expect(r.headers.get('retry-after')).toBe('7')
    expect(r.headers.get('x-ratelimit-remaining')).toBe('0')
    expect((await json<{ error: { type: string } }>(r)).error.type).toBe('Too Many Requests')
  })

  it('html answers a 503 HTML page', async () => {
    emu.setFault({ mode: 'html' })
    const r = await cc()
    expect(r.status).toBe(503)
    expect(r.headers.get('content-type')).toMatch(/text\/html/)
    expect(await r.text()).toMatch(/<html>/)
  })

  it('invalid_grant answers the invalid_grant envelope', async () => {
    emu.setFault({ mode: 'invalid_grant' })
    const r = await cc()
    expect(r.status).toBe(400)
    expect(await r.json()).toEqual({
      error: { code: 400, message: 'invalid_grant: injected fault', type: 'invalid_grant' },
    })
  })

  it('malformed_json answers 200 with a truncated JSON body', async () => {
    emu.setFault({ mode: 'malformed_json' })
    const r = await cc()
    expect(r.status).toBe(200)
    expect(r.headers.get('content-type')).toMatch(/application\/json/)
    await expect(r.json()).rejects.toThrow()
  })

  it('hang never answers; the client gives up and the next request is normal', async () => {
    emu.setFault({ mode: 'hang' })
    const hung = fetch(`${emu.url}/v2/oauth/token`, {
      method: 'POST',
      headers: {
        Authorization: basic(client.oauthId, client.oauthSecret),
        'Content-Type': 'application/x-www-form-urlencoded',
      },
      body: 'grant_type=client_credentials',
      signal: AbortSignal.timeout(300),
    })
    await expect(hung).rejects.toThrow()
    expect((await cc()).status).toBe(200)
  })

  it('close() does not wait for hung requests', async () => {
    const other = await startEmulator({ port: 0 })
    const c = other.registerClient({ groupId: other.createGroup().id, scopes: ['view_room'] })
    other.setFault({ mode: 'hang', count: 3 })
    const hung = [1, 2].map(() =>
      postToken(other, c, { grant_type: 'client_credentials' }).catch((e) => e),
    )
    while (other.counters().total < 2) await new Promise((r) => setTimeout(r, 10))
    const started = Date.now()
    await other.close()
    expect(Date.now() - started).toBeLessThan(1000)
    for (const result of await Promise.all(hung)) expect(result).toBeInstanceOf(Error)
  })

  it('the fault API validates, lists and clears', async () => {
    expect((await api('/faults', { mode: 'explode' })).status).toBe(400)
    expect((await api('/faults', { mode: '500', count: 0 })).status).toBe(400)
    await api('/faults', { mode: 'html', count: 2 })
    expect(await json(await api('/faults'))).toEqual([
      { mode: 'html', remaining: 2, retryAfter: null, status: null },
    ])
    expect((await api('/faults', undefined, 'DELETE')).status).toBe(204)
    expect(await json(await api('/faults'))).toEqual([])
  })
})

describe('latency', () => {
  it('delays each token request by the configured ms', async () => {
    expect((await api('/latency', { ms: 250 })).status).toBe(200)
    const started = Date.now()
    expect((await cc()).status).toBe(200)
    expect(Date.now() - started).toBeGreaterThanOrEqual(240)
    emu.setLatency(0)
    const again = Date.now()
    await cc()
    expect(Date.now() - again).toBeLessThan(240)
    expect((await api('/latency', { ms: -1 })).status).toBe(400)
  })
})

describe('counters', () => {
  it('count token calls per grant, per client, per status and in total', async () => {
    await cc()
    await cc()
    await postToken(emu, client, { grant_type: 'refresh_token', refresh_token: 'nope' })
    await postToken(emu, null, { grant_type: 'client_credentials' })
    emu.setFault({ mode: '500' })
    await cc()
    const counters = await json(await api('/counters'))
    expect(counters).toEqual({
      total: 5,
      byGrant: { client_credentials: 4, refresh_token: 1 },
      byClient: { [client.oauthId]: 4, '(none)': 1 },
      byStatus: { '200': 2, '400': 1, '401': 1, '500': 1 },
      faultsInjected: 1,
    })
    expect(emu.counters()).toEqual(counters)
  })
})

describe('rate limit', () => {
  it('sends X-Ratelimit-* on every response', async () => {
    for (const res of [
      await cc(),
      await fetch(`${emu.url}/admin`),
      await fetch(emu.capabilitiesUrl),
    ]) {
      expect(res.headers.get('x-ratelimit-limit')).toBe('500')
      expect(Number(res.headers.get('x-ratelimit-remaining'))).toBeLessThan(500)
      expect(Number(res.headers.get('x-ratelimit-reset'))).toBeGreaterThan(Date.now() / 1000)
    }
  })

  it('answers 429 past the limit, per client/token', async () => {
    const small = await startEmulator({ port: 0, rateLimit: 3 })
    try {
      const c = small.registerClient({ groupId: small.createGroup().id, scopes: ['view_room'] })
      const d = small.registerClient({ groupId: small.createGroup().id, scopes: ['view_room'] })
      const remaining: (string | null)[] = []
      for (let i = 0; i < 3; i++) {
        const res = await postToken(small, c, { grant_type: 'client_credentials' })
        expect(res.status).toBe(200)
        remaining.push(res.headers.get('x-ratelimit-remaining'))
      }
      expect(remaining).toEqual(['2', '1', '0'])
      const limited = await postToken(small, c, { grant_type: 'client_credentials' })
      expect(limited.status).toBe(429)
      expect(limited.headers.get('retry-after')).toMatch(/^\d+$/)
      expect((await json<{ error: { code: number } }>(limited)).error.code).toBe(429)
      expect(small.counters().byStatus['429']).toBe(1)
      expect((await postToken(small, d, { grant_type: 'client_credentials' })).status).toBe(200)
      small.reset()
      expect((await postToken(small, c, { grant_type: 'client_credentials' })).status).toBe(401)
    } finally {
      await small.close()
    }
  })
})
