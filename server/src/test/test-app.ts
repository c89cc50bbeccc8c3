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
import { newId } from '../db/ids'
import { tokens } from '../db/schema'
import { loadConfig } from '../env'
import { openDataDir } from '../lib/boot'
import { fakeClock } from '../lib/clock'
import { createLogger } from '../lib/logger'
import type { Resolver } from '../lib/outbound/guarded-fetch'
import { createHttpClient } from '../lib/outbound/http-client'
import type { RefreshEngineOptions } from '../services/refresh/refresh-engine'
import type { RefresherOptions } from '../services/refresh/refresher'
import { createServices } from '../services/services'
import { createSetupGate } from '../services/setup'
import { seal } from '../services/tokens/token-secrets'
import { createUser } from '../services/users'

export const TEST_ORIGIN = 'http://127.0.0.1:8080'

/** A fresh SQLite file per call, a fake clock and captured logs. */
export function createTestApp(
  env: Record<string, string> = {},
  dataDir?: string,
  opts: {
    timeoutMs?: number
    resolver?: Resolver
    engine?: RefreshEngineOptions
    refresher?: RefresherOptions
  } = {},
) {
  const dir = dataDir ?? mkdtempSync(join(tmpdir(), 'tokendesk-test-'))
  const config = loadConfig({
    NODE_ENV: 'test',
    TOKENDESK_DATA_DIR: dir,
    LOG_LEVEL: 'info',
    TOKENDESK_PUBLIC_URL: TEST_ORIGIN,
    ...env,
  })
  const { db, keyring } = openDataDir(config)
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
  const services = createServices(deps, {
    engine: { baseDelayMs: 20, ...opts.engine },
    refresher: opts.refresher,
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
    close() {
      services.usage.stop()
      db.$client.close()
    },
    destroy() {
      services.usage.stop()
      db.$client.close()
      rmSync(dir, { recursive: true, force: true })
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
      t.destroy()
    },
  }
}

/** Writes a token row directly (no provider), for list and aggregate tests. */
export function insertTokenRow(
  t: TestApp,
  ownerId: string,
  label: string,
  kind: 'personal' | 'addon',
  expiresAt: number | null,
  extra: Partial<typeof tokens.$inferInsert> = {},
) {
  const id = newId()
  t.db
    .insert(tokens)
    .values({
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
    })
    .run()
  return id
}
