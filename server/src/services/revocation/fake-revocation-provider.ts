import { randomBytes } from 'node:crypto'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createAdaptorServer } from '@hono/node-server'
import { Hono } from 'hono'

export type RevocationCall = { kind: 'rfc7009' | 'session'; token: string; hint: string | null }

/**
 * Test support: a provider on 127.0.0.1 with a client_credentials token endpoint, an RFC 7009
 * revocation endpoint and HipChat's session DELETE, whose revocation answers a test scripts.
 */
export async function startFakeRevocationProvider() {
  const app = new Hono()
  const calls: RevocationCall[] = []
  const state = {
    /** Answers for the next revocation calls, in order; then `fallback`. */
    script: [] as number[],
    fallback: 200,
    delayMs: 0,
  }
  const answer = async (call: RevocationCall, ok: number) => {
    calls.push(call)
    if (state.delayMs) await new Promise((r) => setTimeout(r, state.delayMs))
    const status = state.script.shift() ?? (state.fallback === 200 ? ok : state.fallback)
    if (status === 200 || status === 204) return new Response(null, { status })
    return Response.json(
      { error: status === 400 ? 'unsupported_token_type' : 'unavailable' },
      { status },
    )
  }
  app.post('/token', (c) =>
    c.json({
      access_token: `at-${randomBytes(12).toString('hex')}`,
      token_type: 'Bearer',
      expires_in: 3600,
    }),
  )
  app.post('/revoke', async (c) => {
    const form = new URLSearchParams(await c.req.text())
    return answer(
      { kind: 'rfc7009', token: form.get('token') ?? '', hint: form.get('token_type_hint') },
      200,
    )
  })
  app.delete('/v2/oauth/token/:token', (c) =>
    answer({ kind: 'session', token: c.req.param('token'), hint: null }, 204),
  )
  const server = createAdaptorServer({ fetch: app.fetch }) as Server
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  const url = `http://127.0.0.1:${port}`
  return {
    url,
    tokenUrl: `${url}/token`,
    revocationUrl: `${url}/revoke`,
    apiUrl: `${url}/v2/`,
    calls,
    state,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

export type FakeRevocationProvider = Awaited<ReturnType<typeof startFakeRevocationProvider>>
