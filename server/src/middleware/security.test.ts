import { count } from 'drizzle-orm'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { users } from '../db/schema'
import {
  createTestApp,
  errorOf,
  seedUser,
  signedIn,
  TEST_ORIGIN,
  type TestApp,
} from '../test/test-app'

let t: TestApp
beforeEach(async () => {
  t = createTestApp()
  await seedUser(t, { email: 'admin@example.com', role: 'admin' })
})
afterEach(() => t.destroy())

const countUsers = async () => (await t.db.select({ n: count() }).from(users))[0]?.n

describe('request guards', () => {
  it('refuses a foreign or missing Origin on mutations with 403 and changes nothing', async () => {
    const admin = await signedIn(t, 'admin@example.com')
    const body = JSON.stringify({
      email: 'x@example.com',
      name: 'X',
      password: 'long enough pw',
      role: 'owner',
    })
    for (const origin of ['https://evil.example', 'null', '']) {
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        cookie: `sid=${admin.jar.get('sid')}`,
      }
      if (origin) headers.origin = origin
      const res = await t.app.request('/api/users', { method: 'POST', headers, body })
      expect(res.status).toBe(403)
      expect((await errorOf(res)).code).toBe('forbidden_origin')
    }
    const crossSite = await admin.fetch(`${TEST_ORIGIN}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'sec-fetch-site': 'cross-site' },
      body,
    })
    expect(crossSite.status).toBe(403)
    expect(await countUsers()).toBe(1)
  })

  it('requires JSON bodies on mutations (415)', async () => {
    const admin = await signedIn(t, 'admin@example.com')
    for (const type of [
      'application/x-www-form-urlencoded',
      'multipart/form-data; boundary=x',
      'text/plain',
    ]) {
      const res = await admin.fetch(`${TEST_ORIGIN}/api/users`, {
        method: 'POST',
        headers: { 'content-type': type },
        body: 'email=x@example.com',
      })
      expect(res.status).toBe(415)
      expect((await errorOf(res)).code).toBe('unsupported_media_type')
    }
    expect(await countUsers()).toBe(1)
  })

  it('answers 413 for bodies over 64 KB, with or without Content-Length', async () => {
    const admin = await signedIn(t, 'admin@example.com')
    const big = JSON.stringify({
      email: 'x@example.com',
      name: 'x'.repeat(70_000),
      password: 'long enough pw',
    })
    const res = await admin.fetch(`${TEST_ORIGIN}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'content-length': String(big.length) },
      body: big,
    })
    expect(res.status).toBe(413)
    const stream = new ReadableStream({
      start(controller) {
        for (let i = 0; i < 20; i++) controller.enqueue(new TextEncoder().encode('x'.repeat(4096)))
        controller.close()
      },
    })
    const chunked = await admin.fetch(`${TEST_ORIGIN}/api/users`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
      body: stream,
      duplex: 'half',
    } as RequestInit)
    expect(chunked.status).toBe(413)
    expect((await errorOf(chunked)).code).toBe('payload_too_large')
    expect(await countUsers()).toBe(1)
  })

  it('answers 400 invalid_json for malformed JSON, and validation errors for arrays and nesting', async () => {
    const admin = await signedIn(t, 'admin@example.com')
    const post = (body: string) =>
      admin.fetch(`${TEST_ORIGIN}/api/users`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
      })
    const malformed = await post('{"email": ')
    expect(malformed.status).toBe(400)
    expect(await malformed.json()).toEqual({
      error: { code: 'invalid_json', message: 'Malformed JSON in request body' },
    })
    const array = await post('[1,2,3]')
    expect(array.status).toBe(400)
    expect((await errorOf(array)).code).toBe('validation_failed')
    const deep = await post(`${'['.repeat(20_000)}${']'.repeat(20_000)}`)
    expect(deep.status).toBe(400)
    expect(await countUsers()).toBe(1)
  })

  it('sets security headers and no-store on API answers, JSON 404 on unknown API paths', async () => {
    const res = await t.app.request('/api/nope')
    expect(res.status).toBe(404)
    expect(await res.json()).toEqual({ error: { code: 'not_found', message: 'No such endpoint' } })
    const health = await t.app.request('/api/health')
    expect(await health.json()).toEqual({ status: 'ok' })
    for (const r of [res, health]) {
      const csp = r.headers.get('content-security-policy') ?? ''
      expect(csp).toContain("object-src 'none'")
      expect(csp).toContain("base-uri 'none'")
      expect(csp).toContain("frame-ancestors 'none'")
      expect(csp).toContain("script-src 'self'")
      expect(r.headers.get('x-content-type-options')).toBe('nosniff')
      expect(r.headers.get('referrer-policy')).toBe('no-referrer')
      expect(r.headers.get('cache-control')).toBe('no-store')
    }
  })

  it('never logs secrets from requests', async () => {
    await t
      .agent()
      .api.auth.login.$post({ json: { email: 'admin@example.com', password: 'CANARY-password-1' } })
    await signedIn(t, 'admin@example.com')
    const logs = t.logLines.join('\n')
    expect(logs).toContain('"path":"/api/auth/login"')
    expect(logs).not.toContain('CANARY')
    expect(logs).not.toContain('correct horse battery')
  })
})
