import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import type { webhooks } from '../../db/schema'
import { createTestApp, type TestApp } from '../../test/test-app'
import { postWebhook, WEBHOOK_TIMEOUTS, webhookSecretAad } from './webhook-post'

/** What a receiver answers decides the delivery; what it writes after the status line does not. */
let t: TestApp
let server: Server
let answer: (res: import('node:http').ServerResponse) => void
let url: string

beforeEach(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => answer(res))
  })
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`
  t = createTestApp({ TOKENDESK_WEBHOOK_ORIGINS: new URL(url).origin })
})
afterEach(async () => {
  server.closeAllConnections()
  server.close()
  await t.destroy()
})

function hook(): typeof webhooks.$inferSelect {
  const row = { id: 'hook-1', ownerId: 'owner-1' }
  return {
    ...row,
    url,
    secretEnc: t.deps.keyring.encrypt('whsec', webhookSecretAad(row)),
    createdAt: 0,
  } as typeof webhooks.$inferSelect
}

const post = () => postWebhook(t.deps, hook(), '{"x":1}', WEBHOOK_TIMEOUTS)

describe('postWebhook', () => {
  it('counts a 2xx with a large body as delivered', async () => {
    answer = (res) => {
      res.writeHead(200, { 'content-type': 'text/plain' })
      res.end('x'.repeat(200_000))
    }
    expect(await post()).toEqual({ status: 200, error: null })
  })

  it('counts a 2xx whose body is cut off as delivered', async () => {
    answer = (res) => {
      res.writeHead(202, { 'content-length': '1000' })
      res.write('partial')
      setTimeout(() => res.socket?.destroy(), 20)
    }
    expect(await post()).toEqual({ status: 202, error: null })
  })

  it('names a receiver, not a provider, when it answers a redirect or an error', async () => {
    answer = (res) => res.writeHead(302, { location: 'http://127.0.0.1:1/' }).end()
    expect(await post()).toEqual({ status: 302, error: 'receiver answered 302' })
    answer = (res) => res.writeHead(503).end('down')
    expect(await post()).toEqual({ status: 503, error: 'receiver answered 503' })
  })
})
