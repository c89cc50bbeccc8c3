import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { count } from 'drizzle-orm'
import { Hono } from 'hono'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { installations } from '../../db/schema'
import { startTestEmulator } from '../../test/emulator-fixture'
import { errorOf, seedUser, serveTestApp, signedIn } from '../../test/test-app'

let hip: Awaited<ReturnType<typeof startTestEmulator>>
let rogue: { url: string; hits: number; close(): void }
let t: Awaited<ReturnType<typeof serveTestApp>>
let addon: { id: string; callbackUrl: string }

/** A provider that lies: wrong self link, redirects, huge documents; it counts every hit. */
function startRogue() {
  const state = { hits: 0 }
  const app = new Hono()
  app.use(async (_c, next) => {
    state.hits++
    await next()
  })
  const doc = (self: string, tokenUrl: string) => ({
    links: { self },
    capabilities: { oauth2Provider: { tokenUrl }, hipchatApiProvider: { url: `${self}/v2/` } },
  })
  app.get('/wrong-self', (c) =>
    c.json(doc('https://api.hipchat.com/v2/capabilities', `${hip.emulator.url}/v2/oauth/token`)),
  )
  app.get('/redirect', (c) => c.redirect(`${hip.emulator.url}/v2/capabilities`, 302))
  app.get('/huge', (c) => c.text('x'.repeat(2_000_000)))
  app.get('/internal-token-url', (c) =>
    c.json(doc(`${rogue.url}/internal-token-url`, 'http://169.254.169.254/latest/meta-data')),
  )
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  return new Promise<typeof rogue>((resolve) =>
    server.once('listening', () => {
      const port = (server.address() as AddressInfo).port
      resolve({
        url: `http://127.0.0.1:${port}`,
        get hits() {
          return state.hits
        },
        close: () => server.close(),
      })
    }),
  )
}

beforeAll(async () => {
  hip = await startTestEmulator()
  rogue = await startRogue()
})
afterAll(() => {
  rogue.close()
  return hip.emulator.close()
})
beforeEach(async () => {
  t = await serveTestApp({ TOKENDESK_TRUSTED_PROVIDERS: `${hip.emulator.url},${rogue.url}` })
  await seedUser(t, { email: 'ann@example.com' })
  const owner = await signedIn(t, 'ann@example.com')
  addon = await (
    await owner.api.addons.$post({
      json: {
        key: `bot${Math.random().toString(36).slice(2, 8)}`,
        name: 'Bot',
        scopes: ['send_notification'],
        allowGlobal: true,
        allowRoom: false,
      },
    })
  ).json()
})
afterEach(() => t.stop())

const installationCount = async () => (await t.db.select({ n: count() }).from(installations))[0]?.n
const group = () => [...hip.emulator.state.directory.groups.values()][0] as { id: number }

function post(body: unknown) {
  // The provider's POST carries no cookie and no Origin of ours: the route is exempt from both.
  return fetch(addon.callbackUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
}

function validBody() {
  const client = hip.emulator.registerClient({ groupId: group().id, scopes: ['send_notification'] })
  return { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl, groupId: group().id }
}

describe('install callback validation', () => {
  it('accepts a genuine install and upserts a reinstall on the same oauthId', async () => {
    const body = validBody()
    expect((await post(body)).status).toBe(201)
    expect((await post(body)).status).toBe(201)
    expect(await installationCount()).toBe(1)
  })

  it('keeps one installation when the same install callback arrives five times at once', async () => {
    const body = validBody()
    const answers = await Promise.all(Array.from({ length: 5 }, () => post(body)))
    expect(answers.map((r) => r.status)).toEqual([201, 201, 201, 201, 201])
    const ids = await Promise.all(answers.map(async (r) => ((await r.json()) as { id: string }).id))
    expect(new Set(ids).size).toBe(1)
    expect(await installationCount()).toBe(1)
  })

  it.each([
    [
      'a forged secret',
      (b: ReturnType<typeof validBody>) => ({ ...b, oauthSecret: 'forged' }),
      400,
    ],
    ['a body that is not an install', () => ({ hello: 'world' }), 400],
    [
      'a room install the add-on forbids',
      (b: ReturnType<typeof validBody>) => ({ ...b, roomId: 2001 }),
      400,
    ],
    [
      'an untrusted host',
      (b: ReturnType<typeof validBody>) => ({
        ...b,
        capabilitiesUrl: 'https://evil.example.com/v2/capabilities',
      }),
      403,
    ],
    [
      'a look-alike trusted host',
      (b: ReturnType<typeof validBody>) => ({
        ...b,
        capabilitiesUrl: `${hip.emulator.url}.evil.com/v2/capabilities`,
      }),
      403,
    ],
    [
      'userinfo in the URL',
      (b: ReturnType<typeof validBody>) => ({
        ...b,
        capabilitiesUrl: `http://user@${hip.emulator.url.slice(7)}/v2/capabilities`,
      }),
      403,
    ],
    [
      'a mismatched self link',
      (b: ReturnType<typeof validBody>) => ({ ...b, capabilitiesUrl: `${rogue.url}/wrong-self` }),
      400,
    ],
    [
      'a redirect',
      (b: ReturnType<typeof validBody>) => ({ ...b, capabilitiesUrl: `${rogue.url}/redirect` }),
      400,
    ],
    [
      'an oversized document',
      (b: ReturnType<typeof validBody>) => ({ ...b, capabilitiesUrl: `${rogue.url}/huge` }),
      400,
    ],
    [
      'an internal token URL in a trusted document',
      (b: ReturnType<typeof validBody>) => ({
        ...b,
        capabilitiesUrl: `${rogue.url}/internal-token-url`,
      }),
      403,
    ],
  ])('rejects %s and stores nothing', async (_name, mutate, status) => {
    const res = await post(mutate(validBody()))
    expect(res.status).toBe(status)
    expect(await errorOf(res)).toHaveProperty('message')
    expect(await installationCount()).toBe(0)
  })

  it('rejects a loopback capabilities URL that is not trusted, without connecting', async () => {
    const strict = await serveTestApp({ TOKENDESK_TRUSTED_PROVIDERS: 'https://*.hipchat.com' })
    await seedUser(strict, { email: 'ann@example.com' })
    const owner = await signedIn(strict, 'ann@example.com')
    const a = await (
      await owner.api.addons.$post({
        json: {
          key: 'strictbot',
          name: 'B',
          scopes: ['send_notification'],
          allowGlobal: true,
          allowRoom: true,
        },
      })
    ).json()
    const hits = rogue.hits
    const res = await fetch(a.callbackUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ ...validBody(), capabilitiesUrl: `${rogue.url}/wrong-self` }),
    })
    expect(res.status).toBe(403)
    expect(rogue.hits).toBe(hits)
    await strict.stop()
  })

  it('refuses an uninstall the provider has not made, and accepts a real one', async () => {
    const body = validBody()
    await post(body)
    const forged = await fetch(`${addon.callbackUrl}/${body.oauthId}`, { method: 'DELETE' })
    expect(forged.status).toBe(403)
    await fetch(`${hip.emulator.url}/admin/api/clients/${body.oauthId}`, { method: 'DELETE' })
    const real = await fetch(`${addon.callbackUrl}/${body.oauthId}`, { method: 'DELETE' })
    expect(real.status).toBe(204)
    const rows = await t.db
      .select({ status: installations.status, s: installations.oauthSecretEnc })
      .from(installations)
    expect(rows).toEqual([{ status: 'removed', s: null }])
  })
})
