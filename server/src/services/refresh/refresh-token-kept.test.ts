import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { tokens } from '../../db/schema'
import { createTestApp, seedUser, signedIn } from '../../test/test-app'
import { unseal } from '../tokens/token-secrets'

const seen: string[] = []
let server: ReturnType<typeof serve>
let url = ''
beforeAll(async () => {
  // RFC 6749 §6: a refresh answer may omit refresh_token, meaning the old one stays valid.
  let n = 0
  const app = new Hono().post('/token', async (c) => {
    const form = new URLSearchParams(await c.req.text())
    seen.push(form.get('refresh_token') ?? form.get('grant_type') ?? '')
    n++
    if (form.get('grant_type') === 'client_credentials')
      return c.json({ access_token: 'access-1', refresh_token: 'refresh-1', expires_in: 60 })
    return c.json({ access_token: `access-${n}`, expires_in: 60 })
  })
  server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' })
  await new Promise((r) => server.once('listening', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(() => server.close())

describe('a refresh answer without a refresh token', () => {
  it('keeps the stored refresh token and stores the new access token', async () => {
    const t = createTestApp({ TOKENDESK_TRUSTED_PROVIDERS: url })
    await seedUser(t, { email: 'ann@example.com' })
    const owner = await signedIn(t, 'ann@example.com')
    const p = await (
      await owner.api.providers.$post({
        json: {
          name: 'P',
          tokenUrl: `${url}/token`,
          clientId: 'c',
          clientSecret: 's',
          clientAuth: 'client_secret_post',
          scopes: [],
        },
      })
    ).json()
    const { id } = await (
      await owner.api.providers[':id'].tokens.$post({ param: { id: p.id }, json: { scopes: [] } })
    ).json()
    for (let i = 0; i < 2; i++)
      expect(
        (await owner.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })).status,
      ).toBe(200)
    expect(seen).toEqual(['client_credentials', 'refresh-1', 'refresh-1'])
    const [row] = await t.db
      .select({ a: tokens.accessTokenEnc, r: tokens.refreshTokenEnc, o: tokens.ownerId })
      .from(tokens)
    const { a, r, o } = row ?? { a: null, r: null, o: '' }
    expect(unseal(t.deps.keyring, { id, ownerId: o }, 'refresh_token', r ?? '')).toBe('refresh-1')
    expect(unseal(t.deps.keyring, { id, ownerId: o }, 'access_token', a ?? '')).toBe('access-3')
    await t.destroy()
  })
})
