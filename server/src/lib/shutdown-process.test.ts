import type { ServerResponse } from 'node:http'
import { connect } from 'node:net'
import { eq } from 'drizzle-orm'
import { afterEach, describe, expect, it } from 'vitest'
import { DIALECT, tokens } from '../db/schema'
import { parsePromText, sampleValue } from '../services/metrics/prom-text'
import { useLoopbackServer } from '../test/loopback-server'
import {
  cleanupStack,
  processEnv,
  type ServerProcess,
  signInProcess,
  startServerProcess,
} from '../test/server-process'
import { createTestApp, TEST_MASTER_KEY } from '../test/test-app'

const METRICS_TOKEN = 'process-metrics-token-0123456789'

const cleanups = cleanupStack()
afterEach(() => cleanups.run(), 120_000)

/**
 * A provider whose token lookups (`GET /v2/oauth/token/…`, asked when a token is pasted) wait
 * until the test answers them, so a request can be held in flight inside the server.
 */
const held: ServerResponse[] = []
const arrivals: (() => void)[] = []
const provider = useLoopbackServer((_req, res) => {
  held.push(res)
  for (const wake of arrivals.splice(0)) wake()
})
const lookupArrived = () => new Promise<void>((r) => (held.length ? r() : arrivals.push(r)))

function answerLookup() {
  const res = held.shift()
  res?.writeHead(200, { 'content-type': 'application/json' })
  res?.end(
    JSON.stringify({
      access_token: 'x',
      scopes: ['send_notification'],
      owner_type: 'user',
      owner: { id: 7, name: 'Hip User' },
    }),
  )
}

/** Resolves once the process has written `text` to its output. */
function outputContains(p: ServerProcess, text: string) {
  return new Promise<void>((resolve) => {
    const check = () => {
      if (!p.output().includes(text)) return
      p.child.stdout?.off('data', check)
      p.child.stderr?.off('data', check)
      resolve()
    }
    p.child.stdout?.on('data', check)
    p.child.stderr?.on('data', check)
    check()
  })
}

function connectError(port: number) {
  return new Promise<string>((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
  })
}

// Real server processes: starting tsx can take many seconds on two busy cores.
describe('a server process', { timeout: 180_000 }, () => {
  it('serves health and metrics; on SIGTERM finishes the request in flight, refuses new connections, exits 0', async () => {
    // The test app gives this run its database (on PostgreSQL, a fresh copy) to check after.
    const t = createTestApp()
    cleanups.push(() => t.destroy())
    const database: Record<string, string> =
      DIALECT === 'pg'
        ? {
            TOKENDESK_DATABASE_URL: t.deps.config.databaseUrl ?? '',
            TOKENDESK_MASTER_KEY: TEST_MASTER_KEY,
          }
        : {}
    const p = await startServerProcess(t.dir, {
      ...processEnv(provider.origin()),
      ...database,
      TOKENDESK_SHUTDOWN_SECONDS: '20',
      TOKENDESK_METRICS_TOKEN: METRICS_TOKEN,
    })
    cleanups.push(() => p.stop())
    const agent = await signInProcess(p)

    // What the process serves for operations: readiness, and metrics with its own and Node's.
    const ready = await fetch(`${p.url}/api/health/ready`)
    expect([ready.status, ((await ready.json()) as { status: string }).status]).toEqual([200, 'ok'])
    expect((await fetch(`${p.url}/api/v1/tokens/abc/access`)).status).toBe(401)
    const scraped = await fetch(`${p.url}/metrics`, {
      headers: { authorization: `Bearer ${METRICS_TOKEN}` },
    })
    const samples = parsePromText(await scraped.text())
    expect(sampleValue(samples, 'tokendesk_bot_requests_total', { status: '401' })).toBe(1)
    expect(sampleValue(samples, 'tokendesk_refresh_due_backlog')).toBe(0)
    expect(sampleValue(samples, 'process_cpu_user_seconds_total')).toBeGreaterThan(0)

    const paste = agent.api.tokens.$post({
      json: {
        kind: 'personal',
        label: 'pasted during shutdown',
        value: 'a-personal-token-value-0123456789',
        providerUrl: `${provider.origin()}/v2/`,
      },
    })
    await lookupArrived()
    p.signal('SIGTERM')
    await outputContains(p, 'no longer accepting requests')
    expect(await connectError(p.port)).toBe('ECONNREFUSED')
    expect(p.child.exitCode).toBeNull()

    answerLookup()
    const res = await paste
    expect(res.status).toBe(201)
    expect(await p.exited).toEqual({ code: 0, signal: null })
    expect(p.output()).toContain('shutdown complete')
    // The request's write landed before the database was closed.
    const stored = await t.db
      .select({ verified: tokens.verified })
      .from(tokens)
      .where(eq(tokens.label, 'pasted during shutdown'))
    expect(stored).toEqual([{ verified: true }])
  }, 60_000)
})
