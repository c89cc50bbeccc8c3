import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { guardedFetch, OutboundError, type OutboundOptions } from './guarded-fetch'

type Handler = (req: IncomingMessage, res: ServerResponse) => void

let server: Server
let origin: string
let port: number
let handler: Handler
let hits: string[]

beforeAll(async () => {
  server = createServer((req, res) => {
    hits.push(`${req.method} ${req.url}`)
    handler(req, res)
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  port = (server.address() as AddressInfo).port
  origin = `http://127.0.0.1:${port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise<void>((r) => server.close(() => r()))
})

beforeEach(() => {
  hits = []
  handler = (_req, res) => res.end('ok')
})

const opts = (over: Partial<OutboundOptions> = {}): OutboundOptions => ({
  trusted: [origin],
  timeoutMs: 2000,
  ...over,
})

async function reason(p: Promise<unknown>) {
  try {
    await p
  } catch (err) {
    if (err instanceof OutboundError) return err.reason
    throw err
  }
  return 'resolved'
}

describe('guardedFetch', () => {
  it('sends method, headers and body, and answers status, headers and text', async () => {
    let seen: { method?: string; type?: string; ua?: string; body: string } = { body: '' }
    handler = (req, res) => {
      let body = ''
      req.on('data', (c) => {
        body += c
      })
      req.on('end', () => {
        seen = {
          method: req.method,
          type: req.headers['content-type'],
          ua: req.headers['user-agent'],
          body,
        }
        res.writeHead(201, {
          'retry-after': '7',
          'content-type': 'text/plain; charset=utf-8',
          'x-repeated': ['a', 'b'],
        })
        // A multi-byte character split across two writes must come back whole.
        const euro = Buffer.from('€')
        res.write(Buffer.concat([Buffer.from('price '), euro.subarray(0, 1)]))
        res.end(euro.subarray(1))
      })
    }
    const res = await guardedFetch(
      `${origin}/token`,
      { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"a":1}' },
      opts(),
    )
    expect(res.status).toBe(201)
    expect(res.headers.get('retry-after')).toBe('7')
    // Read like WHATWG Headers: any case, repeated values joined, null when absent.
    expect(res.headers.get('Retry-After')).toBe('7')
    expect(res.headers.get('x-repeated')).toBe('a, b')
    expect(res.headers.get('x-absent')).toBeNull()
    expect(res.text).toBe('price €')
    expect(seen).toEqual({
      method: 'POST',
      type: 'application/json',
      ua: expect.any(String),
      body: '{"a":1}',
    })
  })

  it('does not follow a redirect', async () => {
    handler = (req, res) => {
      if (req.url === '/start') res.writeHead(302, { location: `${origin}/elsewhere` }).end()
      else res.end('followed')
    }
    expect(await reason(guardedFetch(`${origin}/start`, {}, opts()))).toBe('redirect')
    expect(hits).toEqual(['GET /start'])
  })

  it('refuses an answer larger than the cap, declared or streamed', async () => {
    handler = (_req, res) => res.end('x'.repeat(101))
    expect(await reason(guardedFetch(`${origin}/big`, {}, opts({ maxBytes: 100 })))).toBe(
      'too_large',
    )
    // No content-length: the cap applies to what arrives, and reading stops there.
    let closed = false
    handler = (_req, res) => {
      res.on('close', () => {
        closed = true
      })
      res.writeHead(200, { 'transfer-encoding': 'chunked' })
      res.write('x'.repeat(80))
      res.write('x'.repeat(80))
      // Never ends on its own: only the client dropping the connection finishes this answer.
    }
    expect(await reason(guardedFetch(`${origin}/stream`, {}, opts({ maxBytes: 100 })))).toBe(
      'too_large',
    )
    await expect.poll(() => closed).toBe(true)
    handler = (_req, res) => res.end('x'.repeat(100))
    expect((await guardedFetch(`${origin}/exact`, {}, opts({ maxBytes: 100 }))).text).toHaveLength(
      100,
    )
  })

  it('times out a provider that never answers, and one that stalls mid-body', async () => {
    handler = () => {}
    expect(await reason(guardedFetch(`${origin}/silent`, {}, opts({ timeoutMs: 200 })))).toBe(
      'timeout',
    )
    handler = (_req, res) => {
      res.writeHead(200, { 'content-length': '10' })
      res.write('12345')
    }
    expect(await reason(guardedFetch(`${origin}/stall`, {}, opts({ timeoutMs: 200 })))).toBe(
      'timeout',
    )
  })

  it('maps a refused connection to network', async () => {
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const gone = (closed.address() as AddressInfo).port
    await new Promise<void>((r) => closed.close(() => r()))
    const url = `http://127.0.0.1:${gone}`
    expect(await reason(guardedFetch(`${url}/x`, {}, { trusted: [url] }))).toBe('network')
  })

  it('refuses untrusted and internal targets without connecting', async () => {
    expect(await reason(guardedFetch(`${origin}/x`, {}, { trusted: [] }))).toBe('untrusted')
    // A glob match must resolve to public addresses only: no rebinding to loopback.
    const rebinding = async () => [{ address: '127.0.0.1', family: 4 }]
    expect(
      await reason(
        guardedFetch(
          'https://api.provider.example/x',
          {},
          { trusted: ['https://*.provider.example'], resolver: rebinding },
        ),
      ),
    ).toBe('internal_address')
    expect(
      await reason(
        guardedFetch(
          'https://hook.example/x',
          {},
          { trusted: [], allowPublicHttps: true, resolver: rebinding },
        ),
      ),
    ).toBe('internal_address')
    expect(hits).toEqual([])
  })

  it('connects to the vetted address, not a fresh lookup of the name', async () => {
    let host: string | undefined
    handler = (req, res) => {
      host = req.headers.host
      res.end('pinned')
    }
    const named = `http://provider.test:${port}`
    const res = await guardedFetch(
      `${named}/x`,
      {},
      { trusted: [named], resolver: async () => [{ address: '127.0.0.1', family: 4 }] },
    )
    expect(res.text).toBe('pinned')
    expect(host).toBe(`provider.test:${port}`)
  })
})
