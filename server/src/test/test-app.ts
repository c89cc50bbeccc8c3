import { execFileSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { type AddressInfo, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { serve } from '@hono/node-server'
import type { ApiErrorBody } from '@tokendesk/shared/errors'
import { hc } from 'hono/client'
import { type AppType, createApp } from '../app'
import type { AppDeps } from '../app-env'
import { closeDatabase, type Db, pgDb, type Tx } from '../db/client'
import { newId } from '../db/ids'
import { DIALECT, tokens } from '../db/schema'
import { transaction } from '../db/transaction'
import { loadConfig } from '../env'
import { openSqliteDataDir } from '../lib/boot'
import { fakeClock } from '../lib/clock'
import { createKeyring } from '../lib/crypto/keyring'
import { createLogger } from '../lib/logger'
import type { Resolver } from '../lib/outbound/guarded-fetch'
import { createHttpClient } from '../lib/outbound/http-client'
import type { BotAccessOptions } from '../services/bot-keys/bot-access'
import { createMetrics } from '../services/metrics/metrics'
import type { RefreshEngineOptions } from '../services/refresh/refresh-engine'
import type { RefresherOptions } from '../services/refresh/refresher'
import { createServices } from '../services/services'
import { createSetupGate } from '../services/setup'
import { seal } from '../services/tokens/token-secrets'
import { createUser } from '../services/users'

export const TEST_ORIGIN = 'http://127.0.0.1:8080'

/**
 * A fresh database per call (a SQLite file, or on PostgreSQL a copy of the migrated template the
 * test run prepared), a fake clock and captured logs.
 */
export function createTestApp(
  env: Record<string, string> = {},
  dataDir?: string,
  opts: {
    timeoutMs?: number
    resolver?: Resolver
    engine?: RefreshEngineOptions
    refresher?: RefresherOptions
    botAccess?: BotAccessOptions
  } = {},
) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'tokendesk-test-'))
  // A second app on the same data dir shares the first one's PostgreSQL database, as SQLite apps
  // share the file: restarts and replicas are tested the same way on both dialects.
  const pgDatabase = DIALECT === 'pg' ? (pgByDir.get(dir) ?? clonePgTemplate()) : undefined
  if (pgDatabase) pgByDir.set(dir, pgDatabase)
  const config = loadConfig({
    NODE_ENV: 'test',
    TOKENDESK_DATA_DIR: dir,
    LOG_LEVEL: 'info',
    TOKENDESK_PUBLIC_URL: TEST_ORIGIN,
    ...(pgDatabase
      ? { TOKENDESK_DATABASE_URL: pgDatabase.url, TOKENDESK_MASTER_KEY: TEST_MASTER_KEY }
      : {}),
    ...env,
  })
  const { db, keyring } = pgDatabase
    ? { db: pgDb({ url: pgDatabase.url, poolSize: 8 }), keyring: testKeyring(config) }
    : openSqliteDataDir(config)
  const clock = fakeClock()
  const logLines: string[] = []
  const sink = new Writable({
    write(chunk, _enc, done) {
      logLines.push(String(chunk))
      done()
    },
  })
  const setup = createSetupGate()
  const deps: AppDeps = {
    db,
    keyring,
    clock,
    config,
    logger: createLogger('info', sink),
    http: createHttpClient({
      trusted: config.trustedProviders,
      timeoutMs: opts.timeoutMs ?? 3000,
      resolver: opts.resolver,
    }),
  }
  // Built before the services so the refresh engine counts into the same registry /metrics reads.
  deps.metrics = createMetrics(deps)
  const services = createServices(deps, {
    engine: { baseDelayMs: 20, ...opts.engine },
    refresher: opts.refresher,
    botAccess: opts.botAccess,
    usageFlushMs: 60_000,
  })
  const app = createApp({ ...deps, setup, services })
  return {
    app,
    deps,
    db,
    clock,
    setup,
    dir,
    logLines,
    services,
    flushUsage: () => services.usage.flush(),
    agent: () => createAgent(app, config.publicOrigin),
    /** Runs `fn` in one write transaction, for tests that seed rows directly. */
    write: <T>(fn: (tx: Tx) => Promise<T>) => transaction(db, fn),
    async close() {
      await services.usage.stop()
      await closeDatabase(db)
    },
    async destroy() {
      await services.usage.stop()
      await closeDatabase(db)
      rmSync(dir, { recursive: true, force: true })
      pgByDir.delete(dir)
      pgDatabase?.drop()
    },
  }
}

export type TestApp = ReturnType<typeof createTestApp>

/** A browser-like caller: keeps its cookies and sends our Origin, so tests exercise real guards. */
export function createAgent(
  app: { request: (input: string, init?: RequestInit) => Response | Promise<Response> },
  origin = TEST_ORIGIN,
) {
  const jar = new Map<string, string>()
  const fetcher = async (input: Request | string | URL, init?: RequestInit) => {
    const url = typeof input === 'string' ? input : input instanceof URL ? input.href : input.url
    const headers = new Headers(init?.headers)
    if (!headers.has('origin')) headers.set('origin', origin)
    if (jar.size > 0) headers.set('cookie', [...jar].map(([k, v]) => `${k}=${v}`).join('; '))
    const res = await app.request(url, { ...init, headers })
    for (const line of res.headers.getSetCookie()) {
      const [pair = '', ...attrs] = line.split(';')
      const eq = pair.indexOf('=')
      const name = pair.slice(0, eq).trim()
      const value = pair.slice(eq + 1).trim()
      const expired = attrs.some((a) => /max-age=0/i.test(a) || /expires=thu, 01 jan 1970/i.test(a))
      if (!value || expired) jar.delete(name)
      else jar.set(name, value)
    }
    return res
  }
  const api = hc<AppType>(`${origin}/api`, { fetch: fetcher })
  return { api, fetch: fetcher, jar }
}

export async function seedUser(
  t: TestApp,
  input: { email: string; role?: 'admin' | 'owner'; password?: string; name?: string },
) {
  return createUser(t.db, t.clock(), {
    email: input.email,
    name: input.name ?? input.email.split('@')[0] ?? 'user',
    password: input.password ?? 'correct horse battery',
    role: input.role ?? 'owner',
  })
}

export async function signedIn(t: TestApp, email: string, password = 'correct horse battery') {
  const agent = t.agent()
  const res = await agent.api.auth.login.$post({ json: { email, password } })
  if (res.status !== 200) throw new Error(`login failed: ${res.status}`)
  return agent
}

/** The error body of a failed response, for tests that go around the typed client. */
export async function errorOf(res: Response) {
  return ((await res.json()) as ApiErrorBody).error
}

/** A test app listening on a real loopback port, for flows where a provider calls us back. */
export async function serveTestApp(
  env: Record<string, string> = {},
  opts: Parameters<typeof createTestApp>[2] = {},
) {
  const probe = createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  const port = (probe.address() as AddressInfo).port
  await new Promise<void>((r) => probe.close(() => r()))
  const url = `http://127.0.0.1:${port}`
  const t = createTestApp({ TOKENDESK_PUBLIC_URL: url, ...env }, undefined, opts)
  const server = serve({ fetch: t.app.fetch, port, hostname: '127.0.0.1' })
  return {
    ...t,
    url,
    async stop() {
      await new Promise<void>((r) => server.close(() => r()))
      await t.destroy()
    },
  }
}

/** Writes a token row directly (no provider), for list and aggregate tests. */
export async function insertTokenRow(
  t: TestApp,
  ownerId: string,
  label: string,
  kind: 'personal' | 'addon',
  expiresAt: number | null,
  extra: Partial<typeof tokens.$inferInsert> = {},
) {
  const id = newId()
  await t.write((tx) =>
    tx.insert(tokens).values({
      id,
      ownerId,
      kind,
      label,
      providerUrl: 'https://api.hipchat.com/v2/',
      scopes: ['view_room'],
      accessTokenEnc: seal(t.deps.keyring, { id, ownerId }, 'access_token', `value-${id}`),
      fingerprint: id,
      expiresAt,
      createdAt: t.clock(),
      updatedAt: t.clock(),
      ...extra,
    }),
  )
  return id
}

/** The key the PostgreSQL template's canary was sealed with (see `pg-global-setup.ts`). */
export const TEST_MASTER_KEY = Buffer.alloc(32, 7).toString('base64')

function testKeyring(config: { masterKey: string | undefined; oldKeys: string[] }) {
  return createKeyring(
    Buffer.from(config.masterKey ?? TEST_MASTER_KEY, 'base64'),
    config.oldKeys.map((k) => Buffer.from(k, 'base64')),
  )
}

let pgClones = 0
const pgByDir = new Map<string, ReturnType<typeof clonePgTemplate>>()

/**
 * A new database copied from the migrated template (`CREATE DATABASE … TEMPLATE`, ~20 ms), made
 * synchronously with psql so `createTestApp` stays synchronous like its SQLite twin. `empty`: a
 * database with no schema at all, as an operator would create one.
 */
export function clonePgTemplate(opts: { empty?: boolean } = {}) {
  const template = new URL(process.env.TOKENDESK_DATABASE_URL ?? '')
  const name = `td_${process.pid}_${++pgClones}_${Date.now().toString(36)}`
  const admin = new URL(template)
  admin.pathname = '/postgres'
  const templateName = opts.empty ? 'template0' : template.pathname.slice(1)
  psql(admin.href, `create database "${name}" template "${templateName}" strategy file_copy`)
  const url = new URL(template)
  url.pathname = `/${name}`
  return {
    url: url.href,
    drop: () => psql(admin.href, `drop database if exists "${name}" with (force)`),
  }
}

function psql(url: string, command: string) {
  execFileSync('psql', ['-X', '-q', '-v', 'ON_ERROR_STOP=1', '-d', url, '-c', command], {
    stdio: ['ignore', 'ignore', 'pipe'],
  })
}

export type { Db }
