/**
 * `npm run bench` (full) or `npm run bench -- --quick` (CI smoke, < 60 s). Starts the BUILT server
 * (server/dist/index.js) on temporary data dirs with the HipChat emulator and a bare Hono route as
 * the reference, measures the paths in BENCHMARKS.md with autocannon, prints a markdown table and
 * writes bench-results/latest.json. A missed target prints MISSED; only a broken run exits non-zero.
 *
 * Options: --quick, --no-build (use the existing server/dist), --profile (node --cpu-prof for every
 * server process, into bench-results/profiles; read them with profile-summary.ts), --only=1,2,…
 * (skip the other measurements; set-up still runs), --keep (keep the temp dir and server logs),
 * --out=FILE. TMPDIR picks the disk the temporary databases live on (fsync cost).
 */
import { setMaxListeners } from 'node:events'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { loadavg, tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import Database from 'better-sqlite3'
import { eq, sql } from 'drizzle-orm'
import { tokens } from '../db/schema'
import { type RunningEmulator, startEmulator } from '../emulator'
import { DB_FILE } from '../lib/boot'
import { Api } from './lib/api'
import { anomalies, type LoadResult, load, median } from './lib/load'
import { type Child, cpuMsOf, freePort, memoryOf, run, sleep, spawnAndWait } from './lib/proc'
import { type Figure, fmt, machine, markdownTable, verdict } from './lib/report'
import { dueAddonTokens, insertTokens, openDataDirForSeeding, pastedTokens } from './lib/seed'
import {
  buildBaseline,
  buildWeb,
  type InitialJs,
  initialJs,
  PageNotReady,
  timeToList,
} from './lib/spa'

const here = dirname(fileURLToPath(import.meta.url))
const serverDir = resolve(here, '../..')
const root = resolve(serverDir, '..')

const argv = process.argv.slice(2)
const flag = (name: string) => argv.includes(`--${name}`)
const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
const quick = flag('quick')
const only = option('only')?.split(',')
const wants = (id: string) => !only || only.includes(id)
const profile = flag('profile')
const outFile = resolve(root, option('out') ?? 'bench-results/latest.json')
const profileDir = join(root, 'bench-results/profiles')

const cfg = {
  warmupSec: quick ? 0.5 : 2,
  rounds: quick ? 1 : 3,
  botSec: quick ? 1 : 5,
  botConnections: 32,
  listSec: quick ? 1 : 3,
  listTokens: quick ? 2_000 : 10_000,
  stampede: 1_000,
  spaTokens: quick ? 200 : 1_000,
  spaRuns: quick ? 1 : 3,
  refresherTokens: quick ? 200 : 5_000,
  refresherLatencyMs: 20,
  refresherConcurrencies: [4, 16],
  warnRounds: quick ? 1 : 2,
}

const ADMIN = { email: 'admin@bench.local', password: 'bench admin password' }
const OWNER = { email: 'owner@bench.local', name: 'Bench Owner', password: 'bench owner password' }
/** Raised for the load test only (defaults: 600/min, burst 60), so #1 measures work, not 429s. */
const BOT_LIMITS = {
  TOKENDESK_BOT_RATE_PER_MINUTE: '1000000000',
  TOKENDESK_BOT_BURST: '1000000000',
}

const figures: Figure[] = []
const raw: Record<string, unknown> = {}
const errors: { section: string; message: string }[] = []
const log = (msg: string) =>
  console.error(`[bench ${((performance.now() - started) / 1000).toFixed(1)}s] ${msg}`)
const started = performance.now()
const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100)

async function section(name: string, fn: () => Promise<void>) {
  try {
    await fn()
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err)
    errors.push({ section: name, message })
    figures.push({
      id: name,
      what: 'section failed',
      value: 'ERROR',
      verdict: 'ERROR',
      note: message.split('\n')[0],
    })
    log(`${name} failed: ${message}`)
  }
}

// ---------------------------------------------------------------------------------------------

const tmp = mkdtempSync(join(tmpdir(), 'tokendesk-bench-'))
const webDist = join(tmp, 'web-dist')
let webBuilt = false
let baseline: InitialJs | undefined
let emulator: RunningEmulator | undefined
let bare: Child | undefined
let server: Child | undefined
let serverPort = 0
let phaseNo = 0
const dataDir = join(tmp, 'data')

function serverEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  return {
    PATH: process.env.PATH,
    NODE_ENV: 'production',
    HOST: '127.0.0.1',
    PORT: String(serverPort),
    TOKENDESK_DATA_DIR: dataDir,
    TOKENDESK_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
    TOKENDESK_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
    TOKENDESK_TRUSTED_PROVIDERS: emulator?.url,
    TOKENDESK_WEB_DIST: webBuilt ? webDist : undefined,
    LOG_LEVEL: 'info',
    ...BOT_LIMITS,
    ...extra,
  }
}

async function startServer(label: string, extra: Record<string, string> = {}) {
  phaseNo++
  const args = profile
    ? [
        '--cpu-prof',
        `--cpu-prof-dir=${profileDir}`,
        `--cpu-prof-name=server-${phaseNo}-${label}.cpuprofile`,
      ]
    : []
  server = await spawnAndWait({
    args: [...args, join(serverDir, 'dist/index.js')],
    env: serverEnv(extra),
    port: serverPort,
    healthPath: '/api/health',
    logFile: join(tmp, `server-${phaseNo}-${label}.log`),
  })
  log(`server (${label}) healthy after ${server.startMs.toFixed(0)} ms, pid ${server.pid}`)
  return server
}

async function stopServer() {
  await server?.stop()
  server = undefined
}

const botUrl = (base: string, tokenId: string) => `${base}/api/v1/tokens/${tokenId}/access`

/** Interleaves bare-route and server runs so drift on the shared cores hits both alike. */
async function versusBare(opts: {
  url: string
  headers: Record<string, string>
  connections: number
  sec: number
  rounds: number
  /** The server's pid: its CPU time per request is reported too. */
  pid?: number
}) {
  const bareUrl = `${bare?.url}/`
  for (const url of [bareUrl, opts.url])
    await load({
      url,
      connections: opts.connections,
      durationSec: cfg.warmupSec,
      headers: url === bareUrl ? {} : opts.headers,
    })
  const bareRuns: LoadResult[] = []
  const runs: LoadResult[] = []
  const cpuPerRequest: number[] = []
  for (let i = 0; i < opts.rounds; i++) {
    bareRuns.push(
      await load({ url: bareUrl, connections: opts.connections, durationSec: opts.sec }),
    )
    const cpu0 = opts.pid ? cpuMsOf(opts.pid) : 0
    const r = await load({
      url: opts.url,
      connections: opts.connections,
      durationSec: opts.sec,
      headers: opts.headers,
    })
    if (opts.pid) cpuPerRequest.push((cpuMsOf(opts.pid) - cpu0) / r.requests)
    runs.push(r)
  }
  const summary = (rs: LoadResult[]) => ({
    rps: median(rs.map((r) => r.rps)),
    p50: median(rs.map((r) => r.p50)),
    p99: median(rs.map((r) => r.p99)),
    requests: rs.reduce((s, r) => s + r.requests, 0),
    anomalies: rs
      .map((r) => anomalies(r))
      .filter(Boolean)
      .join('; '),
  })
  return {
    server: { ...summary(runs), cpuMsPerRequest: opts.pid ? median(cpuPerRequest) : null },
    bare: summary(bareRuns),
    runs,
    bareRuns,
  }
}

function seed(dir: string, fn: (s: ReturnType<typeof openDataDirForSeeding>) => void) {
  const s = openDataDirForSeeding(dir)
  try {
    fn(s)
  } finally {
    s.close()
  }
}

// ---------------------------------------------------------------------------------------------

async function main() {
  log(`${quick ? 'quick' : 'full'} run, temp dir ${tmp}`)
  if (profile) mkdirSync(profileDir, { recursive: true })

  await section('build', async () => {
    if (!flag('no-build')) {
      const b = await run(process.execPath, ['build.mjs'], { cwd: serverDir })
      log(`server built in ${b.ms.toFixed(0)} ms`)
    }
    if (wants('6')) {
      const w = await buildWeb(root, webDist)
      webBuilt = true
      log(`web built in ${w.ms.toFixed(0)} ms`)
      baseline = await buildBaseline(root, join(tmp, 'baseline'))
    }
  })

  emulator = await startEmulator({ port: 0, rateLimit: 1_000_000_000 })
  const emu = emulator
  serverPort = await freePort()
  const barePort = await freePort()
  bare = await spawnAndWait({
    args: [join(here, 'bare-server.mjs'), String(barePort)],
    env: { PATH: process.env.PATH, NODE_ENV: 'production' },
    cwd: serverDir,
    port: barePort,
    healthPath: '/api/health',
    logFile: join(tmp, 'bare.log'),
  })

  // Phase 1: a fresh data dir. Cold start, set-up through the API, #1 and #3.
  const fresh = await startServer('fresh')
  const coldFresh = fresh.startMs
  const admin = new Api(fresh.url)
  await admin.login(ADMIN.email, ADMIN.password)
  const owner = await admin.call<{ id: string }>('POST', '/api/users', { ...OWNER, role: 'owner' })
  const group = emu.createGroup({ name: 'Bench group' })
  const client = emu.registerClient({
    groupId: group.id,
    scopes: ['send_notification', 'view_room'],
  })
  const inst = await admin.call<{ id: string }>('POST', '/api/installations', {
    oauthId: client.oauthId,
    oauthSecret: client.oauthSecret,
    capabilitiesUrl: emu.capabilitiesUrl,
  })
  const tokA = await admin.call<{ id: string }>('POST', `/api/installations/${inst.id}/tokens`, {
    scopes: [],
  })
  const tokB = await admin.call<{ id: string }>('POST', `/api/installations/${inst.id}/tokens`, {
    scopes: [],
  })
  const { key } = await admin.call<{ key: string }>('POST', '/api/bot-keys', {
    name: 'bench',
    tokenIds: [tokA.id, tokB.id],
  })
  const auth = { authorization: `Bearer ${key}` }
  const memory: { phase: string; rssMb: number; peakMb: number }[] = []

  if (wants('1'))
    await section('1', async () => {
      log('#1 bot access path vs bare route')
      const r = await versusBare({
        url: botUrl(fresh.url, tokA.id),
        headers: auth,
        connections: cfg.botConnections,
        sec: cfg.botSec,
        rounds: cfg.rounds,
        pid: fresh.pid,
      })
      raw.botAccess = r
      const ratio = r.server.rps / r.bare.rps
      const note = r.server.anomalies ? `non-200 answers: ${r.server.anomalies}` : undefined
      figures.push(
        {
          id: '1',
          what: `bot access, ${cfg.botConnections} connections: throughput`,
          value: fmt.rps(r.server.rps),
          reference: `bare route ${fmt.rps(r.bare.rps)}`,
          ratio: fmt.pct(ratio),
          target: '>= 50%',
          verdict: verdict(ratio >= 0.5 && !note),
          note: `server CPU ${fmt.ms(r.server.cpuMsPerRequest ?? Number.NaN)} per request${note ? `; ${note}` : ''}`,
        },
        {
          id: '1',
          what: 'bot access: p50',
          value: fmt.ms(r.server.p50),
          reference: `bare route ${fmt.ms(r.bare.p50)}`,
          ratio: fmt.x(r.server.p50 / r.bare.p50),
          verdict: '',
        },
        {
          id: '1',
          what: 'bot access: p99',
          value: fmt.ms(r.server.p99),
          reference: `bare route ${fmt.ms(r.bare.p99)}`,
          ratio: fmt.x(r.server.p99 / r.bare.p99),
          target: '< 10 ms',
          verdict: verdict(r.server.p99 < 10),
        },
      )
    })

  if (wants('3'))
    await section('3', async () => {
      log(`#3 ${cfg.stampede} concurrent bot requests on an expired token`)
      // Expire the token in place (the server re-reads rows on every request): due, past expiry.
      seed(dataDir, ({ db }) => {
        db.update(tokens)
          .set({ expiresAt: Date.now() - 1000 })
          .where(eq(tokens.id, tokB.id))
          .run()
      })
      const before = emu.counters().byGrant.client_credentials ?? 0
      const r = await load({
        url: botUrl(fresh.url, tokB.id),
        connections: cfg.stampede,
        amount: cfg.stampede,
        headers: auth,
        timeoutSec: 30,
      })
      const exchanges = (emu.counters().byGrant.client_credentials ?? 0) - before
      raw.stampede = { ...r, exchanges }
      const bad = anomalies(r)
      figures.push(
        {
          id: '3',
          what: `${cfg.stampede} concurrent requests, expired token: exchanges`,
          value: String(exchanges),
          target: 'exactly 1',
          verdict: verdict(exchanges === 1),
        },
        {
          id: '3',
          what: `time until all ${cfg.stampede} answered`,
          value: fmt.ms(r.wallMs),
          verdict: bad || r.requests !== cfg.stampede ? 'MISSED' : '',
          note: `${r.requests} answered (${Object.entries(r.statuses)
            .map(([s, n]) => `${n}× ${s}`)
            .join(', ')}); slowest ${fmt.ms(r.max)}, p50 ${fmt.ms(r.p50)}${bad ? `; ${bad}` : ''}`,
        },
      )
    })
  memory.push({ phase: 'after #1 and #3 (bot load)', ...memoryOf(fresh.pid) })
  await stopServer()

  // Phase 2: the admin's tokens for the SPA, then #6.
  seed(dataDir, ({ db, keyring }) => {
    const { id } = db.$client
      .prepare('select id from users where lower(email) = ?')
      .get(ADMIN.email) as {
      id: string
    }
    insertTokens(db, pastedTokens(keyring, id, cfg.spaTokens, Date.now()))
  })
  const withSpa = await startServer('spa-seeded')
  if (wants('6'))
    await section('6', async () => {
      log('#6 SPA')
      if (!webBuilt || !baseline) throw new Error('web build missing')
      const js = initialJs(webDist)
      raw.initialJs = { spa: js, baseline }
      figures.push({
        id: '6',
        what: 'SPA initial JS (entry + modulepreload), gzip',
        value: fmt.kb(js.gzip),
        reference: `baseline app ${fmt.kb(baseline.gzip)} (toolchain.md: 92.2 KB)`,
        ratio: fmt.x(js.gzip / baseline.gzip),
        target: '<= 150 KB',
        verdict: verdict(js.gzip <= 150 * 1024),
        note: js.files.map((f) => `${f.file} ${fmt.kb(f.gzip)}`).join(', '),
      })
      try {
        const t = await timeToList({
          root,
          baseUrl: withSpa.url,
          path: '/tokens',
          email: ADMIN.email,
          password: ADMIN.password,
          runs: cfg.spaRuns,
          timeoutMs: quick ? 5000 : 10_000,
        })
        raw.timeToList = t
        figures.push({
          id: '6',
          what: `time to first rendered token row, ${cfg.spaTokens} tokens, cold cache`,
          value: fmt.ms(t.medianPaintedMs),
          target: '< 1 s',
          verdict: verdict(t.medianPaintedMs < 1000),
          note: `median of ${t.runs.length} cold visits, navigation start to the frame after the first \`table tbody tr\` (${t.rows} rows in it; inserted at ${fmt.ms(t.medianInsertedMs)}); runs: ${t.runs.map((r) => fmt.ms(r.paintedMs)).join(', ')}`,
        })
      } catch (err) {
        if (!(err instanceof PageNotReady)) throw err
        figures.push({
          id: '6',
          what: `time to first rendered token row, ${cfg.spaTokens} tokens`,
          value: 'n/a',
          target: '< 1 s',
          verdict: 'n/a',
          note: err.message,
        })
      }
    })
  memory.push({ phase: 'after #6 (SPA)', ...memoryOf(withSpa.pid) })
  await stopServer()

  // Phase 3: the owner's 10,000 tokens, cold start on the bigger database, then #2.
  seed(dataDir, ({ db, keyring }) =>
    insertTokens(db, pastedTokens(keyring, owner.id, cfg.listTokens, Date.now())),
  )
  const big = await startServer('list-seeded')
  const coldBig = big.startMs
  if (wants('2'))
    await section('2', async () => {
      log(`#2 GET /api/tokens, owner with ${cfg.listTokens} tokens`)
      const ownerApi = new Api(big.url)
      await ownerApi.login(OWNER.email, OWNER.password)
      const adminApi = new Api(big.url)
      await adminApi.login(ADMIN.email, ADMIN.password)
      const page = await ownerApi.call<{ items: unknown[] }>('GET', '/api/tokens?limit=50')
      if (page.items.length !== 50)
        throw new Error(`first page has ${page.items.length} items, expected 50`)
      const listUrl = `${big.url}/api/tokens?limit=50`
      const one = await versusBare({
        url: listUrl,
        headers: { cookie: ownerApi.cookie },
        connections: 1,
        sec: cfg.listSec,
        rounds: cfg.rounds,
        pid: big.pid,
      })
      const eight = await versusBare({
        url: listUrl,
        headers: { cookie: ownerApi.cookie },
        connections: 8,
        sec: cfg.listSec,
        rounds: 1,
      })
      const adminView = await load({
        url: listUrl,
        connections: 1,
        durationSec: cfg.listSec,
        headers: { cookie: adminApi.cookie },
      })
      raw.list = { one, eight, adminView }
      const note = [one.server.anomalies, eight.server.anomalies, anomalies(adminView)]
        .filter(Boolean)
        .join('; ')
      figures.push(
        {
          id: '2',
          what: `GET /api/tokens first 50 of ${cfg.listTokens} (owner), 1 connection: p50`,
          value: fmt.ms(one.server.p50),
          reference: `bare route ${fmt.ms(one.bare.p50)}`,
          ratio: fmt.x(one.server.p50 / one.bare.p50),
          verdict: '',
        },
        {
          id: '2',
          what: 'same: p99',
          value: fmt.ms(one.server.p99),
          reference: `bare route ${fmt.ms(one.bare.p99)}`,
          ratio: fmt.x(one.server.p99 / one.bare.p99),
          target: '< 20 ms',
          verdict: verdict(one.server.p99 < 20 && !note),
          ...(note ? { note: `non-200 answers: ${note}` } : {}),
        },
        {
          id: '2',
          what: 'same, 8 connections: p50 / p99 / throughput',
          value: `${fmt.ms(eight.server.p50)} / ${fmt.ms(eight.server.p99)} / ${fmt.rps(eight.server.rps)}`,
          reference: `bare route ${fmt.ms(eight.bare.p50)} / ${fmt.ms(eight.bare.p99)} / ${fmt.rps(eight.bare.rps)}`,
          ratio: fmt.x(eight.server.p99 / eight.bare.p99),
          verdict: '',
        },
        {
          id: '2',
          what: `admin's default view (all ${cfg.listTokens + cfg.spaTokens + 2} tokens), 1 connection: p50 / p99`,
          value: `${fmt.ms(adminView.p50)} / ${fmt.ms(adminView.p99)}`,
          reference: `bare route ${fmt.ms(one.bare.p50)} / ${fmt.ms(one.bare.p99)}`,
          ratio: fmt.x(adminView.p99 / one.bare.p99),
          verdict: '',
        },
      )
    })
  memory.push({ phase: 'after #2 (list load)', ...memoryOf(big.pid) })
  await stopServer()

  // Phase 4: #1 again with LOG_LEVEL=warn (request logging off the hot path), for comparison.
  const quiet = await startServer('log-warn', { LOG_LEVEL: 'warn' })
  const coldQuiet = quiet.startMs
  if (wants('1'))
    await section('1w', async () => {
      log('#1 again with LOG_LEVEL=warn')
      const r = await versusBare({
        url: botUrl(quiet.url, tokA.id),
        headers: auth,
        connections: cfg.botConnections,
        sec: cfg.botSec,
        rounds: cfg.warnRounds,
        pid: quiet.pid,
      })
      raw.botAccessWarn = r
      figures.push({
        id: '1',
        what: 'bot access with LOG_LEVEL=warn: throughput / p50 / p99',
        value: `${fmt.rps(r.server.rps)} / ${fmt.ms(r.server.p50)} / ${fmt.ms(r.server.p99)}`,
        reference: `bare route ${fmt.rps(r.bare.rps)}`,
        ratio: fmt.pct(r.server.rps / r.bare.rps),
        verdict: '',
        note: `server CPU ${fmt.ms(r.server.cpuMsPerRequest ?? Number.NaN)} per request${r.server.anomalies ? `; non-200 answers: ${r.server.anomalies}` : ''}`,
      })
    })
  await stopServer()

  if (wants('5')) {
    const worst = memory.reduce((a, b) => (b.rssMb > a.rssMb ? b : a))
    raw.memory = memory
    raw.coldStart = { freshMs: coldFresh, bigDbMs: coldBig, bigDbLogWarnMs: coldQuiet }
    figures.push(
      {
        id: '5',
        what: 'server RSS after load (highest of the phases)',
        value: fmt.mb(worst.rssMb),
        target: '< 200 MB',
        verdict: verdict(worst.rssMb < 200),
        note: memory
          .map((m) => `${m.phase}: RSS ${fmt.mb(m.rssMb)}, peak ${fmt.mb(m.peakMb)}`)
          .join('; '),
      },
      {
        id: '5',
        what: 'cold start to healthy, fresh data dir (migrations, bootstrap admin)',
        value: fmt.ms(coldFresh),
        target: '< 1.5 s',
        verdict: verdict(coldFresh < 1500),
      },
      {
        id: '5',
        what: `cold start to healthy, existing database (${cfg.listTokens + cfg.spaTokens} tokens)`,
        value: fmt.ms(coldBig),
        target: '< 1.5 s',
        verdict: verdict(coldBig < 1500),
      },
    )
  }

  if (wants('4')) await section('4', refresherBench)
}

type RefresherRound = {
  concurrency: number
  tokens: number
  renewed: number
  exchanges: number
  /** First token request to the last renewal written. */
  ms: number
  /** Server CPU per renewal over the round. */
  cpuMsPerRenewal: number
  /** From the server's spawn, including start-up and the refresher's start-up jitter (<= 2 s). */
  wallMs: number
}

/**
 * #4 on the built server: due add-on tokens inserted while it is stopped, then a start with
 * TOKENDESK_REFRESH_CONCURRENCY=c and the default interval. The first exchange is seen at the
 * emulator (polled every 5 ms, minus its latency), the last renewal in the database.
 */
async function refresherBench() {
  const n = cfg.refresherTokens
  const latency = cfg.refresherLatencyMs
  log(`#4 refresher: ${n} due tokens, emulator latency ${latency} ms`)
  const emu4 = await startEmulator({ port: 0, rateLimit: 1_000_000_000 })
  // Each delayed token request listens on the emulator's shutdown signal.
  setMaxListeners(0, emu4.state.shutdown.signal)
  const dir = join(tmp, 'refresher-data')
  const env = { TOKENDESK_DATA_DIR: dir, TOKENDESK_TRUSTED_PROVIDERS: emu4.url }
  try {
    const first = await startServer('refresher-setup', env)
    const api = new Api(first.url)
    await api.login(ADMIN.email, ADMIN.password)
    const g = emu4.createGroup({ name: 'Refresher group' })
    const c = emu4.registerClient({ groupId: g.id, scopes: ['send_notification'] })
    const inst = await api.call<{ id: string; apiUrl: string; ownerId: string }>(
      'POST',
      '/api/installations',
      { oauthId: c.oauthId, oauthSecret: c.oauthSecret, capabilitiesUrl: emu4.capabilitiesUrl },
    )
    await stopServer()
    emu4.setLatency(latency)
    const rounds: RefresherRound[] = []
    for (const concurrency of cfg.refresherConcurrencies) {
      seed(dir, ({ db, keyring }) => {
        const now = Date.now()
        if (rounds.length === 0) {
          insertTokens(
            db,
            dueAddonTokens(keyring, {
              ownerId: inst.ownerId,
              installationId: inst.id,
              providerUrl: inst.apiUrl,
              count: n,
              now,
            }),
          )
        } else {
          db.update(tokens)
            .set({ expiresAt: sql`${now} - 1000`, lastRefreshedAt: now - 3_600_000 })
            .where(eq(tokens.installationId, inst.id))
            .run()
        }
      })
      const before = emu4.counters().byGrant.client_credentials ?? 0
      const exchanged = () => (emu4.counters().byGrant.client_credentials ?? 0) - before
      const roundStart = Date.now()
      const srv = await startServer(`refresher-c${concurrency}`, {
        ...env,
        TOKENDESK_REFRESH_CONCURRENCY: String(concurrency),
      })
      const reader = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true })
      const renewed = () =>
        reader
          .prepare(
            'select count(*) as n, max(last_refreshed_at) as last from tokens where installation_id = ? and last_refreshed_at >= ?',
          )
          .get(inst.id, roundStart) as { n: number; last: number | null }
      let t0 = 0
      let cpu0 = 0
      let done = renewed()
      const deadline = Date.now() + (quick ? 30_000 : 600_000)
      for (let i = 0; done.n < n && Date.now() < deadline; i++) {
        await sleep(5)
        if (!t0 && exchanged() > 0) {
          t0 = Date.now() - latency
          cpu0 = cpuMsOf(srv.pid)
        }
        if (i % 20 === 0) done = renewed()
      }
      done = renewed()
      const cpu = cpuMsOf(srv.pid) - cpu0
      reader.close()
      await stopServer()
      rounds.push({
        concurrency,
        tokens: n,
        renewed: done.n,
        exchanges: exchanged(),
        ms: (done.last ?? Date.now()) - t0,
        cpuMsPerRenewal: cpu / Math.max(1, done.n),
        wallMs: Date.now() - roundStart,
      })
    }
    raw.refresher = rounds
    for (const r of rounds) {
      const ideal = (r.tokens * latency) / r.concurrency
      figures.push({
        id: '4',
        what: `refresher, concurrency ${r.concurrency}: time to renew ${r.tokens} due tokens`,
        value: fmt.s(r.ms),
        reference: `ideal ${fmt.s(ideal)} (${r.tokens} × ${latency} ms ÷ ${r.concurrency})`,
        ratio: fmt.x(r.ms / ideal),
        target: '<= 1.5× ideal',
        verdict: verdict(r.renewed === r.tokens && r.ms <= 1.5 * ideal),
        note: `${r.renewed}/${r.tokens} renewed with ${r.exchanges} exchanges; server CPU ${fmt.ms(r.cpuMsPerRenewal)} per renewal; ${fmt.s(r.wallMs)} from spawn`,
      })
    }
  } finally {
    await emu4.close()
  }
}

async function cleanup() {
  await server?.stop().catch(() => {})
  await bare?.stop().catch(() => {})
  await emulator?.close().catch(() => {})
  if (!flag('keep')) rmSync(tmp, { recursive: true, force: true })
}

main()
  .catch((err) => {
    errors.push({
      section: 'main',
      message: err instanceof Error ? (err.stack ?? err.message) : String(err),
    })
    log(`run aborted: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`)
  })
  .finally(async () => {
    await cleanup()
    const result = {
      date: new Date().toISOString(),
      mode: quick ? 'quick' : 'full',
      only: only ?? null,
      durationSec: Math.round((performance.now() - started) / 100) / 10,
      machine: { ...machine(), loadAvgAtStart: loadAtStart },
      config: cfg,
      figures,
      errors,
      raw,
    }
    mkdirSync(dirname(outFile), { recursive: true })
    writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`)
    const m = result.machine
    console.log(`\n## Token Desk benchmarks (${result.mode}, ${result.date})\n`)
    console.log(
      `${m.cpu}, ${m.nproc} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.os}; load average ${m.loadAvgAtStart[0]} at start, ${m.loadAvg[0]} at end\n`,
    )
    console.log(markdownTable(figures))
    console.log(`\nJSON: ${outFile} (run took ${result.durationSec} s)`)
    if (errors.length) {
      console.error(
        `\n${errors.length} section(s) failed to run: ${errors.map((e) => e.section).join(', ')}`,
      )
      process.exit(1)
    }
    process.exit(0)
  })
