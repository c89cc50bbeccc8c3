import { randomUUID } from 'node:crypto'
import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestApp, errorOf, seedUser, signedIn } from '../test/test-app'
import { storedText } from './stored-text'

const canary = (kind: string) => `CANARY-${kind}-${randomUUID()}`
const secret = canary('client-secret')
const access = canary('access')
const refresh = canary('refresh')
let provider: ReturnType<typeof serve>
let providerUrl = ''

beforeAll(async () => {
  // A provider that issues canary tokens and then echoes every secret it receives in its errors.
  const app = new Hono().post('/token', async (c) => {
    const form = new URLSearchParams(await c.req.text())
    if (form.get('grant_type') === 'client_credentials') {
      return c.json({
        access_token: access,
        refresh_token: refresh,
        expires_in: 3600,
        token_type: 'bearer',
      })
    }
    const echoed = `refresh token ${form.get('refresh_token')} refused for ${c.req.header('authorization')} and ${Buffer.from((c.req.header('authorization') ?? '').slice(6), 'base64')}`
    return c.json({ error: 'invalid_request', error_description: echoed }, 400)
  })
  provider = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => provider.once('listening', r))
  providerUrl = `http://127.0.0.1:${(provider.address() as AddressInfo).port}`
})
afterAll(() => provider.close())

describe('canary secrets', () => {
  it('never reach the database (on SQLite its file and WAL), the logs or an API answer, even when a provider echoes them', async () => {
    const t = createTestApp({ TOKENDESK_TRUSTED_PROVIDERS: providerUrl })
    const password = canary('password')
    await seedUser(t, { email: 'ann@example.com', password })
    const owner = await signedIn(t, 'ann@example.com', password)
    const answers: string[] = []
    const keep = async (res: Response) => {
      answers.push(await res.clone().text())
      return res
    }
    const registered = await keep(
      await owner.api.providers.$post({
        json: {
          name: 'Echo',
          tokenUrl: `${providerUrl}/token`,
          clientId: 'client',
          clientSecret: secret,
          clientAuth: 'client_secret_basic',
          scopes: [],
        },
      }),
    )
    const { id: providerId } = (await registered.json()) as { id: string }
    const minted = await keep(
      await owner.api.providers[':id'].tokens.$post({
        param: { id: providerId },
        json: { scopes: [] },
      }),
    )
    const { id } = (await minted.json()) as { id: string }
    const failed = await keep(
      await owner.api.tokens[':id'].refresh.$post({ param: { id }, json: {} }),
    )
    expect(failed.status).toBe(502)
    expect((await errorOf(failed)).message).toContain('[redacted]')
    await keep(await owner.api.tokens[':id'].$get({ param: { id } }))
    await keep(await owner.api.tokens[':id'].audit.$get({ param: { id } }))
    const pasted = canary('pasted')
    await keep(
      await owner.api.tokens.$post({
        json: {
          kind: 'personal',
          label: 'p',
          value: pasted,
          providerUrl: 'https://untrusted.example.com/v2/',
          allowUnverified: true,
        },
      }),
    )
    await keep(await owner.api.audit.$get({ query: {} }))
    await t.agent().api.auth.login.$post({
      json: { email: 'ann@example.com', password: canary('wrong-password') },
    })

    const stored = await storedText(t)
    expect(Object.keys(stored).length).toBeGreaterThan(0)
    const haystacks = [...Object.values(stored), t.logLines.join('\n'), ...answers]
    const encoded = Buffer.from(`client:${secret}`).toString('base64')
    expect(haystacks.filter((h) => h.includes(encoded))).toEqual([])
    const leaks = haystacks
      .filter((h) => /CANARY-/.test(h))
      .map((h) => /CANARY-[\w-]{10}/.exec(h)?.[0])
    expect(leaks).toEqual([])
    await t.destroy()
  })
})
