import { mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterEach, describe, expect, it } from 'vitest'
import { createKeyring } from '../lib/crypto/keyring'
import { seal } from '../services/tokens/token-secrets'
import { approveAtEmulator, startTestEmulator } from '../test/emulator-fixture'
import {
  cleanupStack,
  processEnv,
  type ServerProcess,
  signInProcess,
  startServerProcess,
} from '../test/server-process'
import { clonePgTemplate, TEST_MASTER_KEY } from '../test/test-app'

/**
 * Issue #15's hostile cases: three real server processes on one PostgreSQL database behave like
 * one process. Each test gets its own database cloned from the migrated template.
 */
const cleanups = cleanupStack()
// Stopping three real processes can take a while on a loaded machine.
afterEach(() => cleanups.run(), 120_000)

type Emulator = Awaited<ReturnType<typeof startTestEmulator>>

async function replicas(
  n: number,
  extra: Record<string, string> = {},
  opts: { grace?: number; staggered?: boolean } = {},
) {
  // No provider rate limit: 500 renewals from three replicas must not be held back by 429s.
  const hip = await startTestEmulator({
    refreshGraceSeconds: opts.grace ?? 0,
    rateLimit: 1_000_000,
  })
  const database = clonePgTemplate()
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-replica-'))
  cleanups.push(
    () => hip.emulator.close(),
    () => database.drop(),
    () => rmSync(dataDir, { recursive: true, force: true }),
  )
  const env = processEnv(hip.emulator.url, {
    TOKENDESK_DATABASE_URL: database.url,
    TOKENDESK_MASTER_KEY: TEST_MASTER_KEY,
    TOKENDESK_DATABASE_POOL_SIZE: '5',
    TOKENDESK_BOT_BURST: '5000',
    ...extra,
  })
  // An empty value removes a variable (the setup-link case runs without a bootstrap admin).
  for (const [k, v] of Object.entries(env)) if (v === '') delete env[k as keyof typeof env]
  const start = async () => {
    const p = await startServerProcess(dataDir, env)
    cleanups.push(() => p.stop())
    return p
  }
  // Replicas normally start together (they queue on the migration lock); staggered when a test
  // needs the first one's output before the others exist.
  const servers: ServerProcess[] = []
  if (opts.staggered) for (let i = 0; i < n; i++) servers.push(await start())
  else servers.push(...(await Promise.all(Array.from({ length: n }, start))))
  const query = async <T>(text: string, values: unknown[] = []) => {
    const client = new pg.Client({ connectionString: database.url })
    await client.connect()
    try {
      return (await client.query(text, values)).rows as T[]
    } finally {
      await client.end()
    }
  }
  return { hip, servers, query }
}

async function installation(p: ServerProcess, hip: Emulator, scopes = ['send_notification']) {
  const agent = await signInProcess(p)
  const client = hip.emulator.registerClient({ groupId: hip.group.id, scopes })
  const inst = await (
    await agent.api.installations.$post({
      json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
    })
  ).json()
  return { agent, inst }
}

async function addonTokens(p: ServerProcess, hip: Emulator, n: number) {
  const { agent, inst } = await installation(p, hip)
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    const res = await agent.api.installations[':id'].tokens.$post({
      param: { id: inst.id },
      json: { scopes: [] },
    })
    ids.push((await res.json()).id)
  }
  const keyRes = await agent.api['bot-keys'].$post({ json: { name: 'deploy', tokenIds: ids } })
  const { key } = (await keyRes.json()) as { key: string }
  return { agent, ids, key }
}

const botRead = (p: ServerProcess, id: string, key: string) =>
  fetch(`${p.url}/api/v1/tokens/${id}/access`, { headers: { authorization: `Bearer ${key}` } })

// Real processes (tsx on the sources) start slowly on two shared cores; each case gets minutes.
describe('three replicas on one PostgreSQL database', { timeout: 400_000 }, () => {
  it('200 concurrent bot reads of an expired token across replicas: one exchange, one value', async () => {
    const { hip, servers, query } = await replicas(3)
    const { ids, key } = await addonTokens(servers[0] as ServerProcess, hip, 1)
    const id = ids[0] as string
    await query('update tokens set expires_at = $1, last_refreshed_at = $2', [
      Date.now() - 1000,
      Date.now() - 3_600_000,
    ])
    const before = hip.emulator.counters().byGrant.client_credentials ?? 0
    const answers = await Promise.all(
      Array.from({ length: 200 }, (_, i) => botRead(servers[i % 3] as ServerProcess, id, key)),
    )
    expect(answers.map((a) => a.status).filter((s) => s !== 200)).toEqual([])
    const values = new Set(
      await Promise.all(
        answers.map(async (a) => ((await a.json()) as { access_token: string }).access_token),
      ),
    )
    expect(values.size).toBe(1)
    expect((hip.emulator.counters().byGrant.client_credentials ?? 0) - before).toBe(1)
    const [row] = await query<{ generation: number }>('select generation from tokens')
    expect(row?.generation).toBe(1)
  })

  it('kill -9 of the lease holder during the provider call: another replica completes after the lease, the refresh token chain stays intact', async () => {
    const { hip, servers, query } = await replicas(2, {}, { grace: 30 })
    const [a, b] = servers as [ServerProcess, ServerProcess]
    const { agent, inst } = await installation(a, hip, ['view_room'])
    const start = await agent.fetch(`${a.url}/api/installations/${inst.id}/authorize`, {
      redirect: 'manual',
    })
    const callback = await approveAtEmulator(
      hip.emulator.url,
      start.headers.get('location') ?? '',
      hip.user.id,
    )
    const done = await agent.fetch(callback, { redirect: 'manual' })
    const id = /\/tokens\/([\w-]+)/.exec(done.headers.get('location') ?? '')?.[1] ?? ''
    expect(id).not.toBe('')
    hip.emulator.setLatency(1500)
    void agent.api.tokens[':id'].refresh.$post({ param: { id }, json: {} }).catch(() => null)
    const lease = async () =>
      (
        await query<{ o: string | null; u: number | null }>(
          'select lease_owner as o, lease_until as u from tokens where id = $1',
          [id],
        )
      )[0]
    await expect.poll(async () => (await lease())?.o, { timeout: 5000 }).toBeTruthy()
    a.signal('SIGKILL')
    await a.exited
    hip.emulator.setLatency(0)
    const agentB = await signInProcess(b)
    // B is refused while A's lease runs, then renews once the database says it has expired.
    await expect
      .poll(
        async () =>
          (await agentB.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })).status,
        { timeout: 15_000, interval: 500 },
      )
      .toBe(200)
    const [after] = await query<{ generation: number; status: string }>(
      'select generation, status from tokens where id = $1',
      [id],
    )
    expect(after).toEqual({ generation: 1, status: 'active' })
    // The stored refresh token is the newest one: the next renewal works and the family lives.
    const again = await agentB.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    expect(again.status).toBe(200)
    const [last] = await query<{ generation: number; status: string }>(
      'select generation, status from tokens where id = $1',
      [id],
    )
    expect(last).toEqual({ generation: 2, status: 'active' })
  })

  it('three refreshers and 500 due tokens: each renewed exactly once', async () => {
    const { hip, servers, query } = await replicas(3, { TOKENDESK_REFRESH_INTERVAL_SECONDS: '1' })
    const { ids } = await addonTokens(servers[0] as ServerProcess, hip, 1)
    // 499 more rows like the first, written straight to the database (sealed as the app seals) to
    // keep setup short.
    const [first] = await query<{ owner_id: string }>('select owner_id from tokens where id = $1', [
      ids[0],
    ])
    const keyring = createKeyring(Buffer.from(TEST_MASTER_KEY, 'base64'))
    const bulk = Array.from({ length: 499 }, (_, i) => `bulk${i}`)
    const sealed = bulk.map((id) =>
      seal(keyring, { id, ownerId: first?.owner_id ?? '' }, 'access_token', `value-${id}`),
    )
    await query(
      `insert into tokens (id, owner_id, kind, label, provider_url, installation_id, "grant", scopes,
         access_token_enc, fingerprint, expires_at, status, verified, generation, fail_count,
         created_at, updated_at)
       select b.id, owner_id, kind, label || b.id, provider_url, installation_id, "grant", scopes,
         b.enc, fingerprint || b.id, expires_at, status, verified, 0, 0, created_at, updated_at
       from tokens, unnest($2::text[], $3::text[]) as b(id, enc) where tokens.id = $1`,
      [ids[0], bulk, sealed],
    )
    const before = hip.emulator.counters().byGrant.client_credentials ?? 0
    const now = Date.now()
    // Hour-long tokens with 20 s left: due under the lifetime-scaled rule, on every replica.
    await query('update tokens set expires_at = $1, last_refreshed_at = $2', [
      now + 20_000,
      now + 20_000 - 3_600_000,
    ])
    const renewed = async () =>
      (await query<{ n: number }>('select count(*)::int as n from tokens where generation >= 1'))[0]
        ?.n
    await expect
      .poll(renewed, { timeout: 240_000, interval: 1000 })
      .toBe(500)
      .catch(async (err) => {
        const stuck = await query(
          'select id, generation, fail_count, last_error from tokens where generation = 0 limit 3',
        )
        throw new Error(`${err}: still due ${JSON.stringify(stuck)}`)
      })
    // A window for further ticks to (wrongly) renew again: nothing may happen.
    await new Promise((r) => setTimeout(r, 2500))
    const generations = await query<{ generation: number; n: number }>(
      'select generation, count(*)::int as n from tokens group by generation',
    )
    expect(generations).toEqual([{ generation: 1, n: 500 }])
    expect((hip.emulator.counters().byGrant.client_credentials ?? 0) - before).toBe(500)
  })

  it("a bot key's rate limit holds in total across replicas", async () => {
    const { hip, servers } = await replicas(3, {
      TOKENDESK_BOT_BURST: '30',
      TOKENDESK_BOT_RATE_PER_MINUTE: '1',
    })
    const { ids, key } = await addonTokens(servers[0] as ServerProcess, hip, 1)
    const answers = await Promise.all(
      Array.from({ length: 90 }, (_, i) =>
        botRead(servers[i % 3] as ServerProcess, ids[0] as string, key),
      ),
    )
    const statuses = answers.map((a) => a.status)
    expect(statuses.filter((s) => s === 200)).toHaveLength(30)
    expect(statuses.filter((s) => s === 429)).toHaveLength(60)
  })

  it('a webhook is delivered once although every replica runs a sender', async () => {
    const received: string[] = []
    const receiver = createServer(async (req, res) => {
      let body = ''
      for await (const chunk of req) body += chunk
      received.push(body)
      res.writeHead(204).end()
    })
    await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r))
    const origin = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`
    cleanups.push(() => new Promise((r) => receiver.close(r)))
    const { hip, servers } = await replicas(3, { TOKENDESK_WEBHOOK_ORIGINS: origin })
    const [a, b] = servers as [ServerProcess, ServerProcess]
    const { agent, ids } = await addonTokens(a, hip, 1)
    const hook = await agent.api.webhooks.$post({ json: { url: `${origin}/hook` } })
    expect(hook.status).toBe(201)
    const revoked = await (await signInProcess(b)).api.tokens[':id'].revoke.$post({
      param: { id: ids[0] as string },
    })
    expect(revoked.status).toBe(200)
    await expect.poll(() => received.length, { timeout: 15_000 }).toBe(1)
    // Several more sender ticks on every replica: still one delivery.
    await new Promise((r) => setTimeout(r, 3000))
    expect(received).toHaveLength(1)
    expect(JSON.parse(received[0] as string)).toMatchObject({ type: 'revoked' })
  })

  it('five concurrent uses of one setup link on different replicas make one admin', async () => {
    const { servers, query } = await replicas(
      3,
      { TOKENDESK_BOOTSTRAP_ADMIN_EMAIL: '', TOKENDESK_BOOTSTRAP_ADMIN_PASSWORD: '' },
      { staggered: true },
    )
    const link = /open (\S+\/setup#\S+) to create/.exec((servers[0] as ServerProcess).output())?.[1]
    expect(link).toBeTruthy()
    const setupToken = link?.split('#')[1] ?? ''
    const answers = await Promise.all(
      Array.from({ length: 5 }, (_, i) =>
        (servers[i % 3] as ServerProcess).agent().api.auth.setup.$post({
          json: {
            setupToken,
            email: `admin${i}@example.com`,
            name: `Admin ${i}`,
            password: 'a long enough password',
          },
        }),
      ),
    )
    expect(answers.map((a) => a.status).filter((s) => s < 300)).toHaveLength(1)
    const people = await query<{ role: string }>('select role from users')
    expect(people).toEqual([{ role: 'admin' }])
  })

  it('a token written through one replica is read through another at once', async () => {
    const { hip, servers } = await replicas(3)
    const [a, b, c] = servers as [ServerProcess, ServerProcess, ServerProcess]
    const { ids, key } = await addonTokens(a, hip, 1)
    const id = ids[0] as string
    const agentB = await signInProcess(b)
    const renamed = await agentB.api.tokens[':id'].$patch({
      param: { id },
      json: { label: 'renamed on B' },
    })
    expect(renamed.status).toBe(200)
    const onC = await (await signInProcess(c)).api.tokens[':id'].$get({ param: { id } })
    expect(((await onC.json()) as { label: string }).label).toBe('renamed on B')
    const revoke = await agentB.api.tokens[':id'].revoke.$post({ param: { id } })
    expect(revoke.status).toBe(200)
    // The very next bot read on another replica sees the revocation (409: revoked).
    expect((await botRead(c, id, key)).status).toBe(409)
    expect((await botRead(a, id, key)).status).toBe(409)
  })
})
