import { afterEach, describe, expect, it } from 'vitest'
import { parsePromText, sampleValue } from '../../services/metrics/prom-text'
import { createTestApp, errorOf, type TestApp } from '../../test/test-app'

const TOKEN = 'metrics-token-0123456789abcdef'

let t: TestApp
afterEach(async () => {
  await t?.destroy()
})

const scrape = (app: TestApp, authorization?: string) =>
  app.app.request('/metrics', { headers: authorization ? { authorization } : {} })

describe('GET /metrics', () => {
  it('does not exist without TOKENDESK_METRICS_TOKEN', async () => {
    t = createTestApp()
    const res = await scrape(t, `Bearer ${TOKEN}`)
    expect(res.status).toBe(404)
    expect((await errorOf(res)).code).toBe('not_found')
  })

  it('answers 401 to a missing, wrong or non-bearer credential', async () => {
    t = createTestApp({ TOKENDESK_METRICS_TOKEN: TOKEN })
    for (const auth of [
      undefined,
      'Bearer ',
      `Bearer ${TOKEN.slice(0, -1)}`,
      `Bearer ${TOKEN}x`,
      `Basic ${Buffer.from(`x:${TOKEN}`).toString('base64')}`,
      TOKEN,
    ]) {
      const res = await scrape(t, auth)
      expect(res.status, String(auth)).toBe(401)
      expect(res.headers.get('www-authenticate')).toBe('Bearer realm="metrics"')
      expect((await errorOf(res)).code).toBe('unauthorized')
    }
  })

  it('serves every Token Desk metric in Prometheus text format to the bearer', async () => {
    t = createTestApp({ TOKENDESK_METRICS_TOKEN: TOKEN })
    const res = await scrape(t, `Bearer ${TOKEN}`)
    expect(res.status).toBe(200)
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8')
    expect(res.headers.get('cache-control')).toBe('no-store')
    const text = await res.text()
    for (const [name, type] of [
      ['tokendesk_refresh_total', 'counter'],
      ['tokendesk_exchange_seconds', 'histogram'],
      ['tokendesk_bot_requests_total', 'counter'],
      ['tokendesk_refresh_due_backlog', 'gauge'],
      ['tokendesk_webhook_queue_depth', 'gauge'],
      ['tokendesk_revocation_queue_depth', 'gauge'],
      ['tokendesk_provider_circuit_open', 'gauge'],
    ]) {
      expect(text).toContain(`# TYPE ${name} ${type}\n`)
    }
    const s = parsePromText(text)
    expect(sampleValue(s, 'tokendesk_refresh_due_backlog')).toBe(0)
    expect(sampleValue(s, 'tokendesk_webhook_queue_depth')).toBe(0)
  })

  it('counts bot API answers by status, and nothing else as a bot request', async () => {
    t = createTestApp({ TOKENDESK_METRICS_TOKEN: TOKEN })
    await t.app.request('/api/v1/tokens/abc/access')
    await t.app.request('/api/v1/tokens/abc/access', { headers: { authorization: 'Bearer nope' } })
    await t.app.request('/api/v1/nothing-here')
    await t.app.request('/api/health/live')
    await t.app.request('/api/tokens')
    const s = parsePromText(await (await scrape(t, `Bearer ${TOKEN}`)).text())
    const bot = s.filter((x) => x.name === 'tokendesk_bot_requests_total')
    expect(bot.map((x) => [x.labels.status, x.value]).sort()).toEqual([
      ['401', 2],
      ['404', 1],
    ])
  })
})
