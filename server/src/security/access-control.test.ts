import { sql } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { rawRows } from '../db/raw'
import { startTestEmulator } from '../test/emulator-fixture'
import { createTestApp, seedUser, signedIn, type TestApp } from '../test/test-app'
import { allTablesText, plantSecretCanaries } from './secret-canaries'

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

const snapshot = async () =>
  JSON.stringify(
    await Promise.all(
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
      ].map((table) => rawRows(t.db, sql`select * from ${sql.identifier(table)} order by 1, 2`)),
    ),
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
    const before = await snapshot()
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
    expect(await snapshot()).toBe(before)
  })
})

describe('secrets at rest and in logs', () => {
  it('leaves no canary in any row of any table or in the logs', async () => {
    const canaries = await plantSecretCanaries(t, hip)
    const haystacks = [await allTablesText(t.db), t.logLines.join('\n')]
    expect(haystacks[0]).toContain('canary personal')
    for (const canary of canaries) for (const h of haystacks) expect(h.includes(canary)).toBe(false)
  })
})
