import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { is, Table } from 'drizzle-orm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import * as schema from '../db/schema'
import { createTestApp, seedUser, serveTestApp, signedIn, type TestApp } from '../test/test-app'

const EXEMPT = /^\/api\/(v1\/|addons\/:id\/installable)/
/** Every table's rows except the ones a request may touch without changing anything (sessions, throttles, audit). */
async function tablesSnapshot(t: TestApp) {
  const skip = new Set<unknown>([schema.sessions, schema.loginThrottle, schema.auditEvents])
  const tables = Object.values(schema).filter(
    (v): v is typeof schema.users => is(v, Table) && !skip.has(v),
  )
  return JSON.stringify(await Promise.all(tables.map((table) => t.db.select().from(table))))
}

describe('CSRF on every cookie-authenticated mutation', () => {
  it('answers 403 to cross-origin forms of every content type and to JSON with a foreign Origin', async () => {
    const t = createTestApp()
    await seedUser(t, { email: 'admin@example.com', role: 'admin' })
    const admin = await signedIn(t, 'admin@example.com')
    const cookie = `sid=${admin.jar.get('sid')}`
    const mutating = t.app.routes.filter(
      (r) => ['POST', 'PUT', 'PATCH', 'DELETE'].includes(r.method) && !EXEMPT.test(r.path),
    )
    expect(mutating.length).toBeGreaterThanOrEqual(25)
    const before = await tablesSnapshot(t)
    const bodies: [string, string][] = [
      ['application/x-www-form-urlencoded', 'email=evil%40example.com&role=admin'],
      [
        'multipart/form-data; boundary=x',
        '--x\r\nContent-Disposition: form-data; name="email"\r\n\r\nevil@example.com\r\n--x--\r\n',
      ],
      ['text/plain', '{"email":"evil@example.com"}'],
      [
        'application/json',
        '{"email":"evil@example.com","name":"E","password":"long enough pw","role":"admin"}',
      ],
    ]
    for (const route of mutating) {
      const path = route.path.replace(/:(\w+)/g, 'someid')
      for (const [type, body] of bodies) {
        for (const headers of <Record<string, string>[]>[
          { origin: 'https://evil.example' },
          { 'sec-fetch-site': 'cross-site', origin: 'http://127.0.0.1:8080' },
        ]) {
          const res = await t.app.request(path, {
            method: route.method,
            headers: { cookie, 'content-type': type, ...headers },
            body,
          })
          expect({ route: `${route.method} ${route.path}`, type, status: res.status }).toEqual({
            route: `${route.method} ${route.path}`,
            type,
            status: 403,
          })
        }
      }
    }
    expect(await tablesSnapshot(t)).toBe(before)
    t.destroy()
  })

  it('never changes state on GET', async () => {
    const t = createTestApp()
    await seedUser(t, { email: 'admin@example.com', role: 'admin' })
    const admin = await signedIn(t, 'admin@example.com')
    const before = await tablesSnapshot(t)
    for (const route of t.app.routes.filter(
      (r) => r.method === 'GET' && r.path.startsWith('/api/'),
    )) {
      await admin.fetch(`http://127.0.0.1:8080${route.path.replace(/:(\w+)/g, 'someid')}`, {
        redirect: 'manual',
      })
    }
    expect(await tablesSnapshot(t)).toBe(before)
    t.destroy()
  })
})

describe('security headers', () => {
  it('are on HTML (the SPA and its fallback) and JSON answers alike', async () => {
    const dist = mkdtempSync(join(tmpdir(), 'tokendesk-dist-'))
    writeFileSync(join(dist, 'index.html'), '<!doctype html><title>Token Desk</title>')
    const t = createTestApp({ TOKENDESK_WEB_DIST: dist })
    for (const path of ['/', '/tokens/abc', '/api/health', '/api/nope', '/api/auth/me']) {
      const res = await t.app.request(path)
      const csp = res.headers.get('content-security-policy') ?? ''
      for (const directive of [
        "object-src 'none'",
        "base-uri 'none'",
        "frame-ancestors 'none'",
        "script-src 'self'",
      ]) {
        expect(csp, path).toContain(directive)
      }
      expect(res.headers.get('x-content-type-options'), path).toBe('nosniff')
      expect(res.headers.get('referrer-policy'), path).toBe('no-referrer')
    }
    expect((await t.app.request('/tokens/abc')).headers.get('content-type')).toMatch(/text\/html/)
    t.destroy()
    rmSync(dist, { recursive: true, force: true })
  })
})

describe('body limits over a real socket', () => {
  let served: Awaited<ReturnType<typeof serveTestApp>>
  beforeAll(async () => {
    served = await serveTestApp()
    await seedUser(served, { email: 'ann@example.com' })
  })
  afterAll(() => served.stop())

  function raw(head: string, body: string) {
    return new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(served.url).port), '127.0.0.1', () => {
        socket.write(`${head}\r\n\r\n`)
        socket.end(body)
      })
      let out = ''
      socket.on('data', (d) => {
        out += d
      })
      socket.on('close', () => resolve(out))
      socket.on('error', () => resolve(out))
    })
  }
  const origin = () =>
    `Origin: ${served.url}\r\nHost: ${new URL(served.url).host}\r\nContent-Type: application/json\r\nConnection: close`
  const big = JSON.stringify({ email: 'ann@example.com', password: 'x'.repeat(70_000) })

  it('413 with Content-Length', async () => {
    const res = await raw(
      `POST /api/auth/login HTTP/1.1\r\n${origin()}\r\nContent-Length: ${big.length}`,
      big,
    )
    expect(res).toMatch(/^HTTP\/1\.1 413/)
    expect(res).toContain('payload_too_large')
  })

  it('413 when chunked without Content-Length', async () => {
    const chunks = `${(big.length).toString(16)}\r\n${big}\r\n0\r\n\r\n`
    const res = await raw(
      `POST /api/auth/login HTTP/1.1\r\n${origin()}\r\nTransfer-Encoding: chunked`,
      chunks,
    )
    expect(res).toMatch(/^HTTP\/1\.1 413/)
  })

  it('refuses Content-Length and Transfer-Encoding together', async () => {
    const chunks = `${(big.length).toString(16)}\r\n${big}\r\n0\r\n\r\n`
    const res = await raw(
      `POST /api/auth/login HTTP/1.1\r\n${origin()}\r\nContent-Length: 10\r\nTransfer-Encoding: chunked`,
      chunks,
    )
    expect(res).toMatch(/^HTTP\/1\.1 4\d\d/)
  })
})
