import { spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { startTestEmulator } from '../test/emulator-fixture'
import {
  childEnv,
  cleanupStack,
  processEnv,
  type ServerProcess,
  signInProcess,
  startServerProcess,
} from '../test/server-process'
import { clonePgTemplate } from '../test/test-app'

const serverDir = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const cleanups = cleanupStack()
afterEach(() => cleanups.run(), 120_000)

function migrateToPostgres(from: string, to: string) {
  return new Promise<{ code: number | null; output: string }>((resolve) => {
    const child = spawn(
      process.execPath,
      ['--import', 'tsx', 'src/cli/migrate-to-postgres.ts', '--from', from, '--to', to],
      { cwd: serverDir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] },
    )
    let output = ''
    child.stdout.on('data', (d) => {
      output += d
    })
    child.stderr.on('data', (d) => {
      output += d
    })
    child.on('exit', (code) => resolve({ code, output }))
  })
}

const botRead = async (p: ServerProcess, id: string, key: string) => {
  const res = await fetch(`${p.url}/api/v1/tokens/${id}/access`, {
    headers: { authorization: `Bearer ${key}` },
  })
  return { status: res.status, body: (await res.json()) as { access_token?: string } }
}

describe('npm run migrate-to-postgres', { timeout: 300_000 }, () => {
  it('moves a SQLite install into an empty PostgreSQL database and every token keeps working', async () => {
    const hip = await startTestEmulator()
    const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-move-'))
    const target = clonePgTemplate({ empty: true })
    cleanups.push(
      () => hip.emulator.close(),
      () => rmSync(dataDir, { recursive: true, force: true }),
      () => target.drop(),
    )
    const env = processEnv(hip.emulator.url)
    const onSqlite = await startServerProcess(dataDir, env)
    cleanups.push(() => onSqlite.stop())
    const agent = await signInProcess(onSqlite)
    const client = hip.emulator.registerClient({
      groupId: hip.group.id,
      scopes: ['send_notification'],
    })
    const inst = await (
      await agent.api.installations.$post({
        json: { ...client, capabilitiesUrl: hip.emulator.capabilitiesUrl },
      })
    ).json()
    const ids: string[] = []
    for (let i = 0; i < 3; i++) {
      const res = await agent.api.installations[':id'].tokens.$post({
        param: { id: inst.id },
        json: { scopes: [] },
      })
      ids.push((await res.json()).id)
    }
    const { key } = (await (
      await agent.api['bot-keys'].$post({ json: { name: 'deploy', tokenIds: ids } })
    ).json()) as { key: string }
    const before = await Promise.all(ids.map((id) => botRead(onSqlite, id, key)))
    expect(before.map((b) => b.status)).toEqual([200, 200, 200])
    await onSqlite.stop()

    const moved = await migrateToPostgres(dataDir, target.url)
    expect(moved.output).toMatch(/all \d+ secrets open/)
    expect(moved.code).toBe(0)

    const masterKey = readFileSync(join(dataDir, 'master.key'), 'utf8').trim()
    const onPg = await startServerProcess(mkdtempSync(join(tmpdir(), 'tokendesk-moved-')), {
      ...env,
      TOKENDESK_DATABASE_URL: target.url,
      TOKENDESK_MASTER_KEY: masterKey,
    })
    cleanups.push(() => onPg.stop())
    // Same people (the admin signs in with the old password), same tokens, same values for the bot.
    const after = await Promise.all(ids.map((id) => botRead(onPg, id, key)))
    expect(after).toEqual(before)
    const pgAgent = await signInProcess(onPg)
    const list = (await (await pgAgent.api.tokens.$get({ query: {} })).json()) as {
      items: { id: string }[]
    }
    expect(list.items.map((t) => t.id).sort()).toEqual([...ids].sort())
    // Renewal works against the provider with the moved installation secret.
    const refreshed = await pgAgent.api.tokens[':id'].refresh.$post({
      param: { id: ids[0] as string },
      json: {},
    })
    expect(refreshed.status).toBe(200)

    // A second copy into the now non-empty database is refused and changes nothing.
    const again = await migrateToPostgres(dataDir, target.url)
    expect(again.code).toBe(78)
    expect(again.output).toMatch(/not empty/)
  })

  it('refuses a target whose key canary does not match, before writing anything', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'tokendesk-move-'))
    const hip = await startTestEmulator()
    // The template's canary is sealed with the test key; this data dir makes its own key.
    const target = clonePgTemplate()
    cleanups.push(
      () => hip.emulator.close(),
      () => rmSync(dataDir, { recursive: true, force: true }),
      () => target.drop(),
    )
    const p = await startServerProcess(dataDir, processEnv(hip.emulator.url))
    await p.stop()
    const moved = await migrateToPostgres(dataDir, target.url)
    expect(moved.code).toBe(78)
    expect(moved.output).toMatch(/cannot decrypt/)
  })
})
