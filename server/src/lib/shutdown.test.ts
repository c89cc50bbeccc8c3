import { Agent, get, type IncomingMessage, type Server } from 'node:http'
import { connect, type Socket } from 'node:net'
import { serve } from '@hono/node-server'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { type Db, pgDb } from '../db/client'
import { DIALECT, tokens } from '../db/schema'
import { createHealthState } from '../services/metrics/readiness'
import { createTestApp, insertTokenRow, seedUser, type TestApp } from '../test/test-app'
import { openSqliteDataDir } from './boot'
import { createShutdown } from './shutdown'
import { drainable } from './shutdown-server'

let t: TestApp
const cleanups: (() => unknown)[] = []
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c()
  await t?.destroy()
})

/** A second handle on the test's database: the shutdown closes it, the test keeps reading. */
function secondHandle(): Db {
  if (DIALECT === 'pg') return pgDb({ url: t.deps.config.databaseUrl ?? '', poolSize: 2 })
  return openSqliteDataDir({ dataDir: t.dir, masterKey: undefined, oldKeys: [] }).db
}

function deferred<T = void>() {
  let resolve: (v: T) => void = () => {}
  const promise = new Promise<T>((r) => {
    resolve = r
  })
  return { promise, resolve }
}

/** A server whose `/slow` answers only when the test says so; `/fast` answers at once. */
async function slowServer(events: string[]) {
  const arrived = deferred()
  const gate = deferred()
  const app = new Hono()
    .get('/fast', (c) => c.text('fast'))
    .get('/slow', async (c) => {
      arrived.resolve()
      await gate.promise
      events.push('answered')
      return c.text('slow done')
    })
  const listening = deferred<number>()
  const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info) =>
    listening.resolve(info.port),
  ) as Server
  const http = drainable(server)
  const port = await listening.promise
  cleanups.push(() => {
    gate.resolve()
    server.closeAllConnections()
    server.close()
  })
  return { port, http, arrived: arrived.promise, release: gate.resolve }
}

function request(port: number, path: string, agent: Agent) {
  return new Promise<{ res: IncomingMessage; body: string; socket: Socket }>((resolve, reject) => {
    const req = get({ host: '127.0.0.1', port, path, agent }, (res) => {
      let body = ''
      res.setEncoding('utf8')
      res.on('data', (d) => {
        body += d
      })
      res.on('end', () => resolve({ res, body, socket: req.socket as Socket }))
    })
    req.on('error', reject)
  })
}

/** Resolves with the error code of a fresh TCP connection attempt, or 'connected'. */
function tryConnect(port: number) {
  return new Promise<string>((resolve) => {
    const socket: Socket = connect(port, '127.0.0.1')
    socket.once('connect', () => {
      socket.destroy()
      resolve('connected')
    })
    socket.once('error', (err: NodeJS.ErrnoException) => resolve(err.code ?? 'error'))
  })
}

async function leaseOwners(db: Db) {
  const rows = await db
    .select({ label: tokens.label, owner: tokens.leaseOwner, until: tokens.leaseUntil })
    .from(tokens)
    .orderBy(tokens.label)
  return rows.map((r) => [r.label, r.owner, r.until])
}

async function world(timeoutMs: number, settle?: () => Promise<unknown>) {
  t = createTestApp()
  const owner = await seedUser(t, { email: 'ann@example.com' })
  const until = t.clock() + 60_000
  await insertTokenRow(t, owner.id, 'a-mine', 'addon', null, {
    leaseOwner: 'me',
    leaseUntil: until,
  })
  await insertTokenRow(t, owner.id, 'b-theirs', 'addon', null, {
    leaseOwner: 'other',
    leaseUntil: until,
  })
  const events: string[] = []
  const server = await slowServer(events)
  const db = secondHandle()
  const health = createHealthState()
  const exited = deferred<number>()
  const shutdown = createShutdown({
    http: server.http,
    health,
    db,
    logger: t.deps.logger,
    timeoutMs,
    services: {
      engine: { holder: 'me', settle },
      stop: async () => {
        events.push('services stopped')
      },
      usage: {
        flush: () => {
          events.push('usage flushed')
        },
      },
    },
    exit: (code) => {
      events.push(`exit ${code}`)
      exited.resolve(code)
    },
  })
  return { ...server, db, health, shutdown, events, exited: exited.promise, until }
}

describe('graceful shutdown', () => {
  it('stops accepting, lets the request in flight finish, releases our leases, exits 0', async () => {
    const w = await world(20_000)
    const busy = new Agent({ keepAlive: true })
    const idle = new Agent({ keepAlive: true })
    cleanups.push(
      () => busy.destroy(),
      () => idle.destroy(),
    )
    // A keep-alive connection left idle, and a request in flight on another one.
    const first = await request(w.port, '/fast', idle)
    const idleClosed = new Promise((r) => first.socket.once('close', r))
    const slow = request(w.port, '/slow', busy)
    await w.arrived

    const done = w.shutdown('SIGTERM')
    expect(w.health.shuttingDown).toBe(true)
    expect(await tryConnect(w.port)).toBe('ECONNREFUSED')
    await idleClosed
    expect(w.events).toEqual(['services stopped'])

    w.release()
    const { res, body } = await slow
    expect([res.statusCode, body]).toEqual([200, 'slow done'])
    // Its connection is not kept for another request.
    expect(res.headers.connection).toBe('close')
    expect(await w.exited).toBe(0)
    await done
    expect(w.events).toEqual(['services stopped', 'answered', 'usage flushed', 'exit 0'])
    expect(await leaseOwners(t.db)).toEqual([
      ['a-mine', null, null],
      ['b-theirs', 'other', w.until],
    ])
    // The shutdown closed its database handle.
    await expect(w.db.select().from(tokens).limit(1)).rejects.toThrow()
  })

  it('exits 1 when the work outlasts the bound, leaving its leases to expire', async () => {
    const w = await world(50)
    const busy = new Agent({ keepAlive: true })
    cleanups.push(() => busy.destroy())
    const slow = request(w.port, '/slow', busy).catch(() => null)
    await w.arrived
    const done = w.shutdown('SIGTERM')
    expect(await w.exited).toBe(1)
    // An exchange may still be in flight: its lease must keep other replicas off the token.
    expect(await leaseOwners(t.db)).toEqual([
      ['a-mine', 'me', w.until],
      ['b-theirs', 'other', w.until],
    ])
    expect(w.events).toEqual(['services stopped', 'exit 1'])
    w.release()
    await slow
    await done
  })

  it('waits for refreshes still running after their requests ended before releasing leases', async () => {
    const exchange = deferred()
    const settling = deferred()
    const w = await world(20_000, async () => {
      settling.resolve()
      await exchange.promise
      w.events.push('exchanges settled')
    })
    const done = w.shutdown('SIGTERM')
    // Nothing in flight over HTTP: the server has drained, and only the exchange holds it up.
    await settling.promise
    expect(w.events).toEqual(['services stopped'])
    expect((await leaseOwners(t.db))[0]).toEqual(['a-mine', 'me', w.until])
    exchange.resolve()
    await done
    expect(w.events).toEqual(['services stopped', 'exchanges settled', 'usage flushed', 'exit 0'])
    expect((await leaseOwners(t.db))[0]).toEqual(['a-mine', null, null])
  })

  it('runs once, whatever number of signals arrive', async () => {
    const w = await world(20_000)
    const first = w.shutdown('SIGINT')
    expect(w.shutdown('SIGINT')).toBe(first)
    expect(w.shutdown('SIGTERM')).toBe(first)
    await first
    expect(w.events).toEqual(['services stopped', 'usage flushed', 'exit 0'])
    expect((await leaseOwners(t.db))[0]).toEqual(['a-mine', null, null])
  })
})
