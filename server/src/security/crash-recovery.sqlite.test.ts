import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import Database from 'better-sqlite3'
import { afterEach, describe, expect, it } from 'vitest'
import { approveAtEmulator, startTestEmulator } from '../test/emulator-fixture'
import {
  cleanupStack,
  processEnv,
  type ServerProcess,
  signInProcess,
  startServerProcess,
} from '../test/server-process'

const cleanups = cleanupStack()
afterEach(() => cleanups.run(), 120_000)

async function world(grace: number) {
  const hip = await startTestEmulator({ refreshGraceSeconds: grace })
  const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-crash-'))
  cleanups.push(
    () => hip.emulator.close(),
    () => rmSync(dataDir, { recursive: true, force: true }),
  )
  const env = processEnv(hip.emulator.url)
  const start = async (extra: Record<string, string> = {}, port?: number) => {
    const p = await startServerProcess(dataDir, { ...env, ...extra }, port)
    cleanups.push(() => p.stop())
    return p
  }
  return { hip, dataDir, start }
}

const signIn = signInProcess

async function connectUser(p: ServerProcess, hip: Awaited<ReturnType<typeof startTestEmulator>>) {
  const agent = await signIn(p)
  const group = [...hip.emulator.state.directory.groups.values()][0] as { id: number }
  const client = hip.emulator.registerClient({ groupId: group.id, scopes: ['view_room'] })
  const inst = await (
    await agent.api.installations.$post({
      json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
    })
  ).json()
  const start = await agent.fetch(`${p.url}/api/installations/${inst.id}/authorize`, {
    redirect: 'manual',
  })
  const user = hip.emulator.state.directory.usersOf(group.id)[0] as { id: number }
  const callback = await approveAtEmulator(
    hip.emulator.url,
    start.headers.get('location') ?? '',
    user.id,
  )
  const done = await agent.fetch(callback, { redirect: 'manual' })
  return /\/tokens\/([\w-]+)/.exec(done.headers.get('location') ?? '')?.[1] ?? ''
}

function inspect(dataDir: string, id: string) {
  const db = new Database(join(dataDir, 'tokendesk.db'), { readonly: true })
  try {
    const row = db
      .prepare('select generation, status, access_token_enc as a from tokens where id = ?')
      .get(id) as { generation: number; status: string; a: string }
    const tokens = (db.prepare('select count(*) as n from tokens').get() as { n: number }).n
    const notes = db.prepare('select type from notifications where token_id = ?').all(id) as {
      type: string
    }[]
    return { ...row, tokens, notifications: notes.map((n) => n.type) }
  } finally {
    db.close()
  }
}

async function crashDuringRefresh(p: ServerProcess, id: string) {
  const agent = await signIn(p)
  await agent.api.tokens[':id'].refresh.$post({ param: { id }, json: {} }).catch(() => null)
  const { signal } = await p.exited
  expect(signal).toBe('SIGKILL')
}

/** A user token, then a process that SIGKILLs itself at `point` while refreshing it. */
async function crashAt(point: 'after_claim' | 'after_provider' | 'after_write', grace: number) {
  const w = await world(grace)
  const first = await w.start()
  const id = await connectUser(first, w.hip)
  await first.stop()
  const before = w.hip.emulator.counters().byGrant.refresh_token ?? 0
  const crashing = await w.start({ TOKENDESK_TEST_FAULTS: '1', TOKENDESK_FAULT_AT: point })
  await crashDuringRefresh(crashing, id)
  return { w, id, before }
}

// Real server processes: starting tsx can take many seconds on two busy cores.
describe('SIGKILL at each point of a refresh (docs/security.md, K2-K4)', {
  timeout: 180_000,
}, () => {
  it.each([0, 5])(
    'after the lease is claimed, nothing was sent: the next refresh succeeds (grace %i s)',
    async (grace) => {
      const { w, id, before } = await crashAt('after_claim', grace)
      expect(w.hip.emulator.counters().byGrant.refresh_token ?? 0).toBe(before)
      const again = await w.start()
      const res = await (await signIn(again)).api.tokens[':id'].refresh.$post({
        param: { id },
        json: {},
      })
      expect(res.status).toBe(200)
      expect(inspect(w.dataDir, id)).toMatchObject({
        generation: 1,
        status: 'active',
        tokens: 1,
        notifications: [],
      })
    },
  )

  it('after the provider answered but before the write, without grace: needs_reauth and one notification', async () => {
    const { w, id } = await crashAt('after_provider', 0)
    const again = await w.start()
    const agent = await signIn(again)
    const res = await agent.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })
    expect(res.status).toBe(409)
    const calls = w.hip.emulator.counters().total
    expect((await agent.api.tokens[':id'].refresh.$post({ param: { id }, json: {} })).status).toBe(
      409,
    )
    expect(w.hip.emulator.counters().total).toBe(calls)
    expect(inspect(w.dataDir, id)).toMatchObject({
      generation: 0,
      status: 'needs_reauth',
      tokens: 1,
      notifications: ['needs_reauth'],
    })
  })

  it('after the provider answered but before the write, with a 5 s grace: the retry recovers', async () => {
    const { w, id } = await crashAt('after_provider', 5)
    const again = await w.start()
    const res = await (await signIn(again)).api.tokens[':id'].refresh.$post({
      param: { id },
      json: {},
    })
    expect(res.status).toBe(200)
    expect(inspect(w.dataDir, id)).toMatchObject({
      generation: 1,
      status: 'active',
      tokens: 1,
      notifications: [],
    })
  })

  it.each([0, 5])(
    'after the write but before the answer: the new tokens are stored once (grace %i s)',
    async (grace) => {
      const { w, id } = await crashAt('after_write', grace)
      expect(inspect(w.dataDir, id)).toMatchObject({ generation: 1, status: 'active', tokens: 1 })
      const again = await w.start()
      const res = await (await signIn(again)).api.tokens[':id'].refresh.$post({
        param: { id },
        json: {},
      })
      expect(res.status).toBe(200)
      expect(inspect(w.dataDir, id)).toMatchObject({
        generation: 2,
        status: 'active',
        tokens: 1,
        notifications: [],
      })
    },
  )
})
