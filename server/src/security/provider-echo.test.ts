import { randomUUID } from 'node:crypto'
import { createServer, type IncomingMessage, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { eq } from 'drizzle-orm'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { tokens } from '../db/schema'
import { createTestApp, errorOf, seedUser, signedIn, type TestApp } from '../test/test-app'
import { rowsText, storedText } from './stored-text'

/**
 * Issue #12 item 8: a provider that echoes the form body it received puts the secrets back in
 * encoded form (`rt%2B…`, `+` for a space). None of it may reach an answer, a stored column, a
 * notification, a webhook, the audit log, the logs or the database files.
 */

const id = () => randomUUID().replace(/-/g, '')
// `+`, `/`, `=`, a space and `!` are written differently by every encoding.
const refreshCanary = `rt+CANARY/${id()}= x!`
const accessCanary = `at+CANARY/${id()}`
const secretCanary = `cs+CANARY/${id()}= y!`
const clientId = 'echo client'

let mode: 'json_400' | 'html_500' = 'json_400'
const listen = async (server: Server) => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r))
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`
}
const readBody = async (req: IncomingMessage) => {
  let body = ''
  for await (const chunk of req) body += chunk
  return body
}

const provider = createServer(async (req, res) => {
  const body = await readBody(req)
  if (new URLSearchParams(body).get('grant_type') === 'client_credentials') {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(
      JSON.stringify({ access_token: accessCanary, refresh_token: refreshCanary, expires_in: 60 }),
    )
    return
  }
  const echoed = `${body} authorization=${req.headers.authorization ?? ''}`
  if (mode === 'json_400') {
    res.writeHead(400, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ error: 'invalid_request', error_description: echoed }))
  } else {
    res.writeHead(500, { 'content-type': 'text/html' })
    res.end(`<html><body><h1>Bad request</h1><pre>${echoed}</pre></body></html>`)
  }
})
const webhookBodies: string[] = []
const receiver = createServer(async (req, res) => {
  webhookBodies.push(await readBody(req))
  res.writeHead(204).end()
})
let providerUrl = ''
let receiverUrl = ''

beforeAll(async () => {
  providerUrl = await listen(provider)
  receiverUrl = await listen(receiver)
})
afterAll(() => {
  provider.close()
  receiver.close()
})

let t: TestApp
beforeEach(() => {
  mode = 'json_400'
  webhookBodies.length = 0
  t = createTestApp({
    TOKENDESK_TRUSTED_PROVIDERS: providerUrl,
    TOKENDESK_WEBHOOK_ORIGINS: receiverUrl,
  })
})
afterEach(() => t.destroy())

/** Every form in which a canary went out, or might come back. */
function encodingsOf(secret: string) {
  const form = new URLSearchParams({ v: secret }).toString().slice(2)
  return [
    secret,
    form,
    form.replace(/\+/g, '%20'),
    encodeURIComponent(secret),
    JSON.stringify(secret).slice(1, -1),
    Buffer.from(secret).toString('base64'),
    Buffer.from(secret).toString('base64url'),
  ]
}
const basicForms = [
  Buffer.from(`${encodeURIComponent(clientId)}:${encodeURIComponent(secretCanary)}`).toString(
    'base64',
  ),
  Buffer.from(`${clientId}:${secretCanary}`).toString('base64'),
]
const needles = [
  'CANARY',
  ...[refreshCanary, accessCanary, secretCanary].flatMap(encodingsOf),
  ...basicForms,
]
const leaksIn = (haystack: string) => needles.filter((n) => haystack.includes(n))

describe('a provider that echoes the request back', () => {
  it.each(['client_secret_basic', 'client_secret_post'] as const)(
    'never gets an encoded secret stored or shown (%s)',
    async (clientAuth) => {
      await seedUser(t, { email: 'ann@example.com' })
      const owner = await signedIn(t, 'ann@example.com')
      const hook = await owner.api.webhooks.$post({ json: { url: `${receiverUrl}/hook` } })
      expect(hook.status).toBe(201)
      const registered = await owner.api.providers.$post({
        json: {
          name: 'Echo',
          tokenUrl: `${providerUrl}/token`,
          clientId,
          clientSecret: secretCanary,
          clientAuth,
          scopes: [],
        },
      })
      expect(registered.status).toBe(201)
      const { id: providerId } = await registered.json()
      const minted = await owner.api.providers[':id'].tokens.$post({
        param: { id: providerId },
        json: { scopes: [] },
      })
      expect(minted.status).toBe(201)
      const { id: tokenId } = (await minted.json()) as { id: string }

      const answers: string[] = []
      const refresh = async () => {
        const res = await owner.api.tokens[':id'].refresh.$post({
          param: { id: tokenId },
          json: {},
        })
        answers.push(await res.clone().text())
        return res
      }

      const first = await refresh()
      expect(first.status).toBe(502)
      const firstError = await errorOf(first)
      expect(firstError.message).toContain('provider said invalid_request (HTTP 400)')
      const [stored] = await t.db
        .select({ e: tokens.lastError })
        .from(tokens)
        .where(eq(tokens.id, tokenId))
      expect(stored?.e).toMatch(/^provider said invalid_request \(HTTP 400\)/)
      expect(stored?.e?.length).toBeLessThanOrEqual(200)

      mode = 'html_500'
      const second = await refresh()
      expect(second.status).toBe(502)
      expect((await errorOf(second)).message).toContain('provider server error (HTTP 500)')

      for (const path of [
        `/api/tokens/${tokenId}`,
        `/api/tokens/${tokenId}/audit`,
        '/api/notifications',
        '/api/audit',
      ]) {
        const res = await owner.fetch(`http://127.0.0.1:8080${path}`)
        answers.push(await res.text())
      }
      await t.services.webhooks.deliverDue()
      expect(webhookBodies.length).toBeGreaterThan(0)
      expect(webhookBodies.join('\n')).toContain('provider said invalid_request')

      const places: Record<string, string> = {
        answers: answers.join('\n'),
        'tokens.last_error': await rowsText(t, 'select last_error from tokens'),
        audit_events: await rowsText(t, 'select * from audit_events'),
        notifications: await rowsText(t, 'select * from notifications'),
        webhook_deliveries: await rowsText(t, 'select * from webhook_deliveries'),
        'webhook bodies': webhookBodies.join('\n'),
        logs: t.logLines.join('\n'),
      }
      const database = await storedText(t)
      // The search covers the WAL on SQLite, and the tokens table's rows on PostgreSQL.
      expect(Object.keys(database).some((k) => k.endsWith('-wal') || k === 'table tokens')).toBe(
        true,
      )
      Object.assign(places, database)

      const found = Object.entries(places)
        .map(([where, text]) => [where, leaksIn(text)] as const)
        .filter(([, leaks]) => leaks.length > 0)
      expect(found).toEqual([])
    },
  )
})
