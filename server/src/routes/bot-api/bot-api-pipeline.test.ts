import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { errorOf, insertTokenRow, seedUser, serveTestApp, signedIn } from '../../test/test-app'

/** `/api/v1` runs on its own pipeline, ahead of the browser stack (app.ts, bot-api.routes.ts). */
let t: Awaited<ReturnType<typeof serveTestApp>>
let tokenId: string
let key: string
beforeEach(async () => {
  t = await serveTestApp({ TOKENDESK_BOT_BURST: '3', TOKENDESK_BOT_RATE_PER_MINUTE: '6' })
  const ownerId = (await seedUser(t, { email: 'ann@example.com' })).id
  tokenId = await insertTokenRow(t, ownerId, 'deploy', 'personal', t.clock() + 86_400_000)
  const ann = await signedIn(t, 'ann@example.com')
  key = (
    await (await ann.api['bot-keys'].$post({ json: { name: 'b', tokenIds: [tokenId] } })).json()
  ).key
})
afterEach(() => t.stop())

const get = (path: string, headers: Record<string, string> = {}) =>
  fetch(`${t.url}${path}`, { headers })
const bearer = (k: string) => ({ authorization: `Bearer ${k}` })

/** What a JSON answer to a machine carries, and none of the headers meant for documents. */
function expectMachineHeaders(res: Response) {
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  expect(res.headers.get('x-content-type-options')).toBe('nosniff')
  expect(res.headers.get('cache-control')).toBe('no-store')
  for (const browserOnly of [
    'content-security-policy',
    'x-frame-options',
    'cross-origin-opener-policy',
    'origin-agent-cluster',
    'set-cookie',
  ])
    expect(res.headers.get(browserOnly), browserOnly).toBeNull()
}

describe('the bot pipeline', () => {
  it('answers with the machine headers only, on success', async () => {
    const ok = await get(`/api/v1/tokens/${tokenId}/access`, bearer(key))
    expect(ok.status).toBe(200)
    expectMachineHeaders(ok)
    const doc = await get('/api/v1/openapi.json')
    expect(doc.status).toBe(200)
    expectMachineHeaders(doc)
  })

  it('answers every refusal in the one error shape, with the same headers', async () => {
    const cases: [string, Record<string, string>, number, string][] = [
      [`/api/v1/tokens/${tokenId}/access`, {}, 401, 'unauthenticated'],
      [`/api/v1/tokens/${tokenId}/access`, bearer(`${key}x`), 401, 'unauthenticated'],
      [
        `/api/v1/tokens/${tokenId}/access`,
        bearer(key.replace(/^tdk_/, 'tdx_')),
        401,
        'unauthenticated',
      ],
      ['/api/v1/tokens/not.an.id/access', bearer(key), 404, 'not_found'],
      [`/api/v1/tokens/${'a'.repeat(65)}/access`, bearer(key), 404, 'not_found'],
      ['/api/v1/tokens/unbound/access', bearer(key), 404, 'not_found'],
      ['/api/v1/nothing-here', bearer(key), 404, 'not_found'],
    ]
    for (const [path, headers, status, code] of cases) {
      const res = await get(path, headers)
      expect({ path, status: res.status }).toEqual({ path, status })
      expectMachineHeaders(res)
      const body = (await res.json()) as { error: { code: string; message: string } }
      expect(Object.keys(body)).toEqual(['error'])
      expect(body.error.code).toBe(code)
      expect(typeof body.error.message).toBe('string')
    }
  })

  it('rate-limits with 429, Retry-After and the same headers', async () => {
    const statuses = []
    for (let i = 0; i < 4; i++)
      statuses.push((await get(`/api/v1/tokens/${tokenId}/access`, bearer(key))).status)
    expect(statuses).toEqual([200, 200, 200, 429])
    const limited = await get(`/api/v1/tokens/${tokenId}/access`, bearer(key))
    expect(limited.status).toBe(429)
    expectMachineHeaders(limited)
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)
    expect((await errorOf(limited)).code).toBe('too_many_requests')
  })

  it('ignores browser sessions: a signed-in cookie is no bot key', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const res = await get(`/api/v1/tokens/${tokenId}/access`, {
      cookie: `sid=${ann.jar.get('sid')}`,
      origin: t.url,
    })
    expect(res.status).toBe(401)
    expectMachineHeaders(res)
  })

  it('logs one JSON line per bot request, without the key', async () => {
    t.logLines.length = 0
    await get(`/api/v1/tokens/${tokenId}/access`, bearer(key))
    await get(`/api/v1/tokens/${tokenId}/access`, bearer('tdk_wrong'))
    const lines = t.logLines.map((l) => JSON.parse(l) as Record<string, unknown>)
    expect(lines.map((l) => [l.msg, l.method, l.path, l.status])).toEqual([
      ['request', 'GET', `/api/v1/tokens/${tokenId}/access`, 200],
      ['request', 'GET', `/api/v1/tokens/${tokenId}/access`, 401],
    ])
    for (const l of lines) {
      expect(l.level).toBe(30)
      expect(typeof l.time).toBe('number')
      expect(l.requestId).toMatch(/^[0-9a-f-]{36}$/)
      expect(typeof l.ms).toBe('number')
    }
    expect(t.logLines.join('\n')).not.toContain(key.slice(4))
  })
})
