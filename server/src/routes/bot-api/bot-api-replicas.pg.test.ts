import type { AddressInfo } from 'node:net'
import { serve } from '@hono/node-server'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createApp } from '../../app'
import { closeDatabase, pgDb } from '../../db/client'
import { elapseForRateLimits } from '../../services/bot-keys/rate-limit-testing'
import { createServices } from '../../services/services'
import { insertTokenRow, seedUser, serveTestApp, signedIn } from '../../test/test-app'

/**
 * Two replicas on one PostgreSQL database, each with its own pool, services and HTTP server, as
 * two processes behind a load balancer: a bot key's rate limit is one limit across both, and a
 * change made through one is honoured by the other at its next request.
 */
const BURST = 10
let t: Awaited<ReturnType<typeof serveTestApp>>
let second: Awaited<ReturnType<typeof secondReplica>>
let tokenId: string
let key: string
let keyId: string
let ann: Awaited<ReturnType<typeof signedIn>>

async function secondReplica() {
  const url = t.deps.config.databaseUrl
  if (!url) throw new Error('expected a PostgreSQL test app')
  const db = pgDb({ url, poolSize: 4 })
  const deps = { ...t.deps, db }
  const services = createServices(deps, { usageFlushMs: 60_000 })
  const app = createApp({ ...deps, services })
  let server: ReturnType<typeof serve> | undefined
  const port = await new Promise<number>((resolve) => {
    server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) =>
      resolve(info.port),
    )
  })
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      await new Promise<void>((r) => (server ? server.close(() => r()) : r()))
      await services.stop()
      await closeDatabase(db)
    },
  }
}

beforeEach(async () => {
  // One a minute: the test's own run time adds no meaningful refill.
  t = await serveTestApp({
    TOKENDESK_BOT_BURST: String(BURST),
    TOKENDESK_BOT_RATE_PER_MINUTE: '1',
  })
  second = await secondReplica()
  const ownerId = (await seedUser(t, { email: 'ann@example.com' })).id
  tokenId = await insertTokenRow(t, ownerId, 'deploy', 'personal', t.clock() + 86_400_000)
  ann = await signedIn(t, 'ann@example.com')
  const created = await (
    await ann.api['bot-keys'].$post({ json: { name: 'b', tokenIds: [tokenId] } })
  ).json()
  key = created.key
  keyId = created.id
})
afterEach(async () => {
  await second.stop()
  await t.stop()
})

const access = (base: string) =>
  fetch(`${base}/api/v1/tokens/${tokenId}/access`, { headers: { authorization: `Bearer ${key}` } })

describe('the bot API on two replicas', () => {
  it('allows a key its burst once in total, however the requests are split', async () => {
    const answers = await Promise.all(
      Array.from({ length: 3 * BURST }, (_, i) => access(i % 2 ? second.url : t.url)),
    )
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(BURST)
    expect(statuses.filter((s) => s === 429)).toHaveLength(2 * BURST)
    for (const a of answers.filter((x) => x.status === 429))
      expect(Number(a.headers.get('retry-after'))).toBeGreaterThanOrEqual(1)

    // A minute refills one request for the key, not one per replica.
    await elapseForRateLimits(t, 60_000)
    const next = await Promise.all([access(t.url), access(second.url), access(second.url)])
    expect(next.map((a) => a.status).sort()).toEqual([200, 429, 429])
  })

  it('stops a key on one replica at once when it is revoked through the other', async () => {
    expect((await access(second.url)).status).toBe(200)
    const revoked = await ann.api['bot-keys'][':id'].$delete({ param: { id: keyId } })
    expect(revoked.status).toBe(204)
    expect((await access(second.url)).status).toBe(401)
    expect((await access(t.url)).status).toBe(401)
  })

  it('stops a disabled owner’s key on the other replica at once', async () => {
    await seedUser(t, { email: 'admin@example.com', role: 'admin' })
    const admin = await signedIn(t, 'admin@example.com')
    expect((await access(second.url)).status).toBe(200)
    const annId = (await (await ann.api.auth.me.$get()).json()).id
    const disable = (disabled: boolean) =>
      admin.api.users[':id'].$patch({ param: { id: annId }, json: { disabled } })
    expect((await disable(true)).status).toBe(200)
    expect((await access(second.url)).status).toBe(401)
    expect((await disable(false)).status).toBe(200)
    expect((await access(second.url)).status).toBe(200)
  })
})
