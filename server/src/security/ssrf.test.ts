import type { AddressInfo } from 'node:net'
import { createServer, type Server } from 'node:net'
import { serve } from '@hono/node-server'
import { count } from 'drizzle-orm'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { installations } from '../db/schema'
import { createTestApp, seedUser, signedIn } from '../test/test-app'

/** A loopback listener that must never be reached: it counts every TCP connection. */
let canary: Server
let canaryPort = 0
let canaryHits = 0
let rogue: ReturnType<typeof serve>
let rogueUrl = ''

beforeAll(async () => {
  canary = createServer((socket) => {
    canaryHits++
    socket.destroy()
  })
  await new Promise<void>((r) => canary.listen(0, '127.0.0.1', r))
  canaryPort = (canary.address() as AddressInfo).port
  const app = new Hono()
  app.get('/redirect', (c) => c.redirect(`http://127.0.0.1:${canaryPort}/caps`, 302))
  app.get('/internal-token', (c) =>
    c.json({
      links: { self: `${rogueUrl}/internal-token` },
      capabilities: { oauth2Provider: { tokenUrl: `http://127.0.0.1:${canaryPort}/token` } },
    }),
  )
  rogue = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => rogue.once('listening', r))
  rogueUrl = `http://127.0.0.1:${(rogue.address() as AddressInfo).port}`
})
afterAll(() => {
  canary.close()
  rogue.close()
})

describe('install callback SSRF matrix', () => {
  const cases: [string, () => string][] = [
    ['loopback IPv4 literal', () => `http://127.0.0.1:${canaryPort}/caps`],
    ['loopback IPv6 literal', () => `http://[::1]:${canaryPort}/caps`],
    ['IPv4-mapped IPv6 loopback', () => `http://[::ffff:127.0.0.1]:${canaryPort}/caps`],
    ['decimal IPv4', () => `http://2130706433:${canaryPort}/caps`],
    ['hex IPv4', () => `http://0x7f.1:${canaryPort}/caps`],
    ['metadata link-local', () => 'http://169.254.169.254/latest/meta-data'],
    ['private 10/8', () => 'https://10.0.0.1/caps'],
    ['trusted name as userinfo', () => `https://api.example.com@127.0.0.1:${canaryPort}/caps`],
    ['look-alike suffix', () => `https://api.example.com.evil.net:${canaryPort}/caps`],
    ['look-alike prefix', () => `https://evilexample.com:${canaryPort}/caps`],
    ['two labels for one wildcard', () => `https://a.b.example.com:${canaryPort}/caps`],
    ['plain http for a glob-trusted name', () => `http://api.example.com:${canaryPort}/caps`],
    ['trusted name resolving to loopback', () => `https://api.example.com:${canaryPort}/caps`],
    ['redirect to an internal address', () => `${rogueUrl}/redirect`],
    ['internal tokenUrl inside a trusted document', () => `${rogueUrl}/internal-token`],
  ]

  it.each(cases)('refuses %s without connecting to it', async (_name, target) => {
    const t = createTestApp(
      { TOKENDESK_TRUSTED_PROVIDERS: `https://*.example.com:${canaryPort},${rogueUrl}` },
      undefined,
      // An allowed name that resolves to 127.0.0.1: the DNS-rebinding shape.
      { resolver: async () => [{ address: '127.0.0.1', family: 4 }] },
    )
    await seedUser(t, { email: 'ann@example.com' })
    const owner = await signedIn(t, 'ann@example.com')
    const addon = await (
      await owner.api.addons.$post({
        json: {
          key: 'ssrf.bot',
          name: 'B',
          scopes: ['view_room'],
          allowGlobal: true,
          allowRoom: true,
        },
      })
    ).json()
    const hits = canaryHits
    const res = await t.app.request(`/api/addons/${addon.id}/installable`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        oauthId: 'id',
        oauthSecret: 'secret',
        capabilitiesUrl: target(),
        groupId: 1,
      }),
    })
    expect([400, 403]).toContain(res.status)
    expect(canaryHits).toBe(hits)
    expect(await t.db.select({ n: count() }).from(installations)).toEqual([{ n: 0 }])
    await t.destroy()
  })
})
