import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTestEmulator } from '../test/emulator-fixture'
import { createTestApp, seedUser, signedIn, type TestApp } from '../test/test-app'

let hip: Awaited<ReturnType<typeof startTestEmulator>>
let t: TestApp
beforeAll(async () => {
  hip = await startTestEmulator()
})
afterAll(() => hip.emulator.close())
beforeEach(async () => {
  t = createTestApp({
    TOKENDESK_TRUSTED_PROVIDERS: hip.emulator.url,
    TOKENDESK_WEBHOOK_ORIGINS: 'http://127.0.0.1:9',
  })
  await seedUser(t, { email: 'ann@example.com' })
  await seedUser(t, { email: 'mallory@example.com' })
})
afterEach(() => t.destroy())

const snapshot = () =>
  JSON.stringify(
    [
      'tokens',
      'token_shares',
      'users',
      'installations',
      'addons',
      'providers',
      'bot_keys',
      'bot_key_tokens',
      'oauth_states',
    ].map((table) => t.db.$client.prepare(`select * from ${table} order by 1`).all()),
  )

describe('a foreign owner', () => {
  it('gets 404 from every route that takes an id, and nothing changes', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const value = hip.emulator.mintPersonalToken({ userId: hip.user.id }).access_token
    const res = await ann.api.tokens.$post({
      json: { kind: 'personal', label: 'A', value, providerUrl: `${hip.emulator.url}/v2/` },
    })
    const { id } = await res.json()
    const annId = (await (await ann.api.auth.me.$get()).json()).id
    await ann.api.tokens[':id'].shares.$post({
      param: { id },
      json: { email: 'ann@example.com', access: 'view' },
    })

    const group = [...hip.emulator.state.directory.groups.values()][0] as { id: number }
    const client = hip.emulator.registerClient({ groupId: group.id, scopes: ['view_room'] })
    const installation = await (
      await ann.api.installations.$post({
        json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
      })
    ).json()
    const addon = await (
      await ann.api.addons.$post({
        json: {
          key: 'ann.bot',
          name: 'Bot',
          scopes: ['view_room'],
          allowGlobal: true,
          allowRoom: true,
        },
      })
    ).json()
    const provider = await (
      await ann.api.providers.$post({
        json: {
          name: 'P',
          tokenUrl: `${hip.emulator.url}/v2/oauth/token`,
          clientId: client.oauthId,
          clientSecret: client.oauthSecret,
          clientAuth: 'client_secret_basic',
          scopes: [],
        },
      })
    ).json()
    const botKey = await (
      await ann.api['bot-keys'].$post({ json: { name: 'k', tokenIds: [id] } })
    ).json()
    const webhook = await (
      await ann.api.webhooks.$post({ json: { url: 'http://127.0.0.1:9/hook' } })
    ).json()
    const idFor: Record<string, string> = {
      webhooks: webhook.id,
      tokens: id,
      users: annId,
      installations: installation.id,
      addons: addon.id,
      providers: provider.id,
      'bot-keys': botKey.id,
    }
    // Routes not behind the session: the provider-facing install callbacks and descriptor (public
    // by design, checked in install-callback.test.ts) and the bot API (bearer keys, bot-api.test.ts).
    const exempt = new Set([
      'GET /api/addons/:id/descriptor',
      'POST /api/addons/:id/installable',
      'DELETE /api/addons/:id/installable/:oauthId',
      'GET /api/v1/tokens/:id/access',
    ])

    const mallory = await signedIn(t, 'mallory@example.com')
    // Enumerated from the route table, so a new route with an id is covered without editing this test.
    const routes = t.app.routes.filter(
      (r) => r.method !== 'ALL' && /\/:id\b/.test(r.path) && !exempt.has(`${r.method} ${r.path}`),
    )
    expect(routes.length).toBeGreaterThanOrEqual(20)
    const before = snapshot()
    for (const route of routes) {
      const resource = route.path.split('/')[2] ?? ''
      expect(idFor, `no fixture id for ${route.path}`).toHaveProperty(resource)
      const path = route.path.replace(':id', idFor[resource] ?? '').replace(':userId', annId)
      const init: RequestInit = { method: route.method, redirect: 'manual' }
      if (route.method !== 'GET') {
        init.headers = { 'content-type': 'application/json' }
        init.body = JSON.stringify({
          label: 'pwned',
          purpose: 'reveal',
          email: 'mallory@example.com',
          access: 'use',
          role: 'admin',
          disabled: true,
          scopes: [],
        })
      }
      const answer = await mallory.fetch(`http://127.0.0.1:8080${path}`, init)
      expect({ route: `${route.method} ${route.path}`, status: answer.status }).toEqual({
        route: `${route.method} ${route.path}`,
        status: 404,
      })
    }
    expect(snapshot()).toBe(before)
  })
})

describe('secrets at rest and in logs', () => {
  it('leaves no canary in the database file, its WAL or the logs', async () => {
    const ann = await signedIn(t, 'ann@example.com')
    const canaries: string[] = []
    for (const kind of ['personal', 'notification'] as const) {
      const canary = `CANARY-${kind}-${crypto.randomUUID()}`
      canaries.push(canary)
      const res = await ann.api.tokens.$post({
        json: {
          kind,
          label: `canary ${kind}`,
          value: canary,
          providerUrl: 'https://untrusted.example.com/v2/',
        },
      })
      expect(res.status).toBe(201)
      const { id } = await res.json()
      await ann.api.tokens[':id'].reveal.$post({ param: { id }, json: { purpose: 'copy' } })
    }
    const rejected = `CANARY-rejected-${crypto.randomUUID()}`
    canaries.push(rejected)
    await ann.api.tokens.$post({
      json: {
        kind: 'personal',
        label: 'bad',
        value: rejected,
        providerUrl: `${hip.emulator.url}/v2/`,
      },
    })
    const pw = `CANARY-password-${crypto.randomUUID()}`
    canaries.push(pw)
    await t.agent().api.auth.login.$post({ json: { email: 'ann@example.com', password: pw } })

    t.db.$client.pragma('wal_checkpoint(PASSIVE)')
    const files = readdirSync(t.dir).filter((f) => f.startsWith('tokendesk.db'))
    expect(files).toContain('tokendesk.db-wal')
    const haystacks = [
      ...files.map((f) => readFileSync(join(t.dir, f)).toString('latin1')),
      t.logLines.join('\n'),
    ]
    for (const canary of canaries) for (const h of haystacks) expect(h.includes(canary)).toBe(false)
  })
})
