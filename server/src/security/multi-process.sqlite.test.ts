import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestEmulator } from '../test/emulator-fixture'
import {
  cleanupStack,
  processEnv,
  type ServerProcess,
  signInProcess,
  startServerProcess,
} from '../test/server-process'

const cleanups = cleanupStack()
afterEach(() => cleanups.run(), 120_000)

async function setup(processes: number, extra: Record<string, string> = {}) {
  const hip = await startTestEmulator()
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-multi-'))
  cleanups.push(
    () => hip.emulator.close(),
    () => rmSync(dataDir, { recursive: true, force: true }),
  )
  const env = processEnv(hip.emulator.url, {
    TOKENDESK_BOT_BURST: '5000',
    ...extra,
  })
  // The first process migrates and creates the admin; the others join the same file.
  const servers: ServerProcess[] = []
  for (let i = 0; i < processes; i++) {
    const p = await startServerProcess(dataDir, env)
    cleanups.push(() => p.stop())
    servers.push(p)
  }
  return { hip, dataDir, servers }
}

const signIn = signInProcess

async function addonTokens(
  p: ServerProcess,
  hip: Awaited<ReturnType<typeof startTestEmulator>>,
  n: number,
) {
  const agent = await signIn(p)
  const group = [...hip.emulator.state.directory.groups.values()][0] as { id: number }
  const client = hip.emulator.registerClient({ groupId: group.id, scopes: ['send_notification'] })
  const inst = await (
    await agent.api.installations.$post({
      json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
    })
  ).json()
  const ids: string[] = []
  for (let i = 0; i < n; i++)
    ids.push(
      (
        await (
          await agent.api.installations[':id'].tokens.$post({
            param: { id: inst.id },
            json: { scopes: [] },
          })
        ).json()
      ).id,
    )
  const key = await (
    await agent.api['bot-keys'].$post({ json: { name: 'load', tokenIds: ids } })
  ).json()
  return { ids, key: key.key }
}

function withDb<T>(dataDir: string, fn: (db: Database.Database) => T) {
  const db = new Database(join(dataDir, 'tokendesk.db'))
  db.pragma('busy_timeout = 5000')
  try {
    return fn(db)
  } finally {
    db.close()
  }
}

// Real server processes: starting tsx can take many seconds on two busy cores.
describe('several processes on one database file', { timeout: 180_000 }, () => {
  it('three processes under concurrent bot requests and refresher ticks exchange each due token once', async () => {
    const { hip, dataDir, servers } = await setup(3, { TOKENDESK_REFRESH_INTERVAL_SECONDS: '1' })
    const { ids, key } = await addonTokens(servers[0] as ServerProcess, hip, 10)
    // Hour-long tokens issued an hour ago with 20 s left: due under the lifetime-scaled rule.
    withDb(dataDir, (db) =>
      db
        .prepare('update tokens set expires_at = ?, last_refreshed_at = ?')
        .run(Date.now() + 20_000, Date.now() + 20_000 - 3_600_000),
    )
    const before = hip.emulator.counters().byGrant.client_credentials ?? 0
    const requests = Array.from({ length: 300 }, (_, i) => {
      const server = servers[i % servers.length] as ServerProcess
      return fetch(`${server.url}/api/v1/tokens/${ids[i % ids.length]}/access`, {
        headers: { authorization: `Bearer ${key}` },
      })
    })
    const answers = await Promise.all(requests)
    // A window for the 1-second refresher ticks to (wrongly) exchange again: nothing may happen.
    await new Promise((r) => setTimeout(r, 2500))
    const refused = await Promise.all(
      answers.filter((a) => a.status !== 200).map(async (a) => `${a.status} ${await a.text()}`),
    )
    expect(refused).toEqual([])
    expect((hip.emulator.counters().byGrant.client_credentials ?? 0) - before).toBe(10)
    const generations = withDb(
      dataDir,
      (db) => db.prepare('select generation from tokens').all() as { generation: number }[],
    )
    expect(generations.map((g) => g.generation)).toEqual(ids.map(() => 1))
    for (const s of servers) expect(s.output()).not.toMatch(/SQLITE_BUSY|database is locked/)
  })

  it('a lease holder frozen past its lease is overtaken, and its late write is fenced off', async () => {
    const { hip, dataDir, servers } = await setup(2)
    const [a, b] = servers as [ServerProcess, ServerProcess]
    const { ids } = await addonTokens(a, hip, 1)
    const id = ids[0] ?? ''
    const agentA = await signIn(a)
    hip.emulator.setLatency(1500)
    const lateAnswer = agentA.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    const lease = () =>
      withDb(
        dataDir,
        (db) =>
          db.prepare('select lease_owner as o, lease_until as u from tokens').get() as {
            o: string | null
            u: number | null
          },
      )
    await expect.poll(() => lease().o, { timeout: 5000 }).toBeTruthy()
    a.signal('SIGSTOP')
    // Frozen until its lease has run out, as judged by the database row, not a fixed sleep.
    await expect.poll(() => (lease().u ?? 0) < Date.now(), { timeout: 10_000 }).toBe(true)
    hip.emulator.setLatency(0)
    const taken = await (await signIn(b)).api.tokens[':id'].refresh.$post({
      param: { id },
      json: {},
    })
    expect(taken.status).toBe(200)
    const afterB = withDb(
      dataDir,
      (db) =>
        db.prepare('select generation, access_token_enc as a from tokens').get() as {
          generation: number
          a: string
        },
    )
    expect(afterB.generation).toBe(1)
    a.signal('SIGCONT')
    const late = await lateAnswer
    expect(late.status).toBe(409)
    const final = withDb(
      dataDir,
      (db) =>
        db.prepare('select generation, access_token_enc as a from tokens').get() as {
          generation: number
          a: string
        },
    )
    expect(final).toEqual(afterB)
  })
})
