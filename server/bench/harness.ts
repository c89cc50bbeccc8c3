import { randomBytes } from 'node:crypto'
import { setMaxListeners } from 'node:events'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningEmulator, startEmulator } from '@tokendesk/emulator'
import { anomalies, combine, type LoadResult, load, median, split } from './lib/load'
import { type BenchPostgres, startBenchPostgres } from './lib/pg-server'
import { type Child, cpuMsOf, freePort, memoryOf, spawnAndWait } from './lib/proc'
import { type Figure, fmt } from './lib/report'
import { openPgStore, openSqliteStore, type Store } from './lib/seed'
import type { InitialJs } from './lib/spa'
import { BENCH_DIR, type BenchConfig, type BenchOptions, benchConfig, SERVER_DIR } from './options'

export const ADMIN = { email: 'admin@bench.local', password: 'bench admin password' }
export const OWNER = {
  email: 'owner@bench.local',
  name: 'Bench Owner',
  password: 'bench owner password',
}
/** Raised for the load test only (defaults: 600/min, burst 60), so #1 measures work, not 429s. */
const BOT_LIMITS = {
  TOKENDESK_BOT_RATE_PER_MINUTE: '1000000000',
  TOKENDESK_BOT_BURST: '1000000000',
}

/** Where the server keeps its data for a phase, and how many server processes share it. */
export type Backend = {
  kind: 'sqlite' | 'pg'
  /** The table's `db` column. */
  label: string
  replicas: number
  /** What the server needs to open it. */
  env: Record<string, string>
  /** Opens it from the bench process, to seed rows and poll. */
  openStore(): Store
}

/**
 * One run's state: its temp dir (data dirs, web build, server logs), the reference processes,
 * the PostgreSQL server, the servers under test (one phase at a time: one process, or several
 * replicas on one database) and what the measurements report.
 */
export class Bench {
  readonly cfg: BenchConfig
  readonly started = performance.now()
  readonly figures: Figure[] = []
  /** Every raw figure for the JSON file, by measurement and then by database. */
  readonly raw: Record<string, Record<string, unknown>> = {}
  readonly errors: { section: string; message: string }[] = []
  /** The servers' memory after each load phase, for #5. */
  readonly memory: {
    db: string
    phase: string
    replica?: number
    rssMb: number
    peakMb: number
  }[] = []
  /** Cold starts the phases measured, for #5. */
  readonly coldStarts: { db: string; what: string; ms: number; note?: string }[] = []
  /** The SQLite data dir of every SQLite phase. */
  readonly sqlite: Backend
  readonly webDist: string
  webBuilt = false
  baseline: InitialJs | undefined
  postgres: BenchPostgres | undefined
  private emu: RunningEmulator | undefined
  private refresherEmu: RunningEmulator | undefined
  private bare: Child | undefined
  /** The server processes of the current phase (several when replicas share one database). */
  private servers: Child[] = []
  /** One port per replica, kept across phases. */
  private readonly serverPorts: number[] = []
  private phaseNo = 0
  /** This run's copy of the build, see `snapshotBuild`. */
  private serverEntry = join(SERVER_DIR, 'dist/index.js')

  private constructor(
    readonly options: BenchOptions,
    readonly tmp: string,
  ) {
    this.cfg = benchConfig(options.quick)
    this.sqlite = this.sqliteBackend('data')
    this.webDist = join(tmp, 'web-dist')
  }

  /** A data dir in the run's temp dir: one SQLite server process. */
  sqliteBackend(name: string): Backend {
    const dir = join(this.tmp, name)
    return {
      kind: 'sqlite',
      label: 'SQLite',
      replicas: 1,
      env: { TOKENDESK_DATA_DIR: dir },
      openStore: () => openSqliteStore(dir),
    }
  }

  /**
   * A new database on the bench's PostgreSQL server (started on first use), served by `replicas`
   * processes. The key comes from the environment, as PostgreSQL requires; every replica gets the
   * same one, and the one data dir, which they do not use on PostgreSQL.
   */
  async pgBackend(name: string, replicas: number): Promise<Backend> {
    if (!this.postgres) {
      this.postgres = await startBenchPostgres({
        logFile: join(this.tmp, 'postgres.log'),
        keep: this.options.keep,
        log: this.log,
      })
      const s = this.postgres.settings
      this.log(
        `PostgreSQL ${s.version} (${s.source}): fsync=${s.fsync}, synchronous_commit=${s.synchronousCommit}, full_page_writes=${s.fullPageWrites}, shared_buffers=${s.sharedBuffers}`,
      )
    }
    const url = await this.postgres.createDatabase(name)
    const masterKey = randomBytes(32).toString('base64')
    const dir = join(this.tmp, `pg-${name}`)
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    return {
      kind: 'pg',
      label: replicas === 1 ? 'PostgreSQL' : `PostgreSQL ×${replicas}`,
      replicas,
      env: {
        TOKENDESK_DATABASE_URL: url,
        TOKENDESK_MASTER_KEY: masterKey,
        TOKENDESK_DATA_DIR: dir,
      },
      openStore: () => openPgStore(url, masterKey),
    }
  }

  /**
   * Makes the run's temp dir; cleanup() removes it unless --keep. An interrupted run (Ctrl-C, a
   * CI timeout) still stops its servers and its PostgreSQL, which would otherwise outlive it.
   */
  static create(options: BenchOptions) {
    const bench = new Bench(options, mkdtempSync(join(tmpdir(), 'tokendesk-bench-')))
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => {
        bench.log(`${signal}: stopping the servers`)
        void bench.cleanup().finally(() => process.exit(130))
      })
    process.once('exit', () => {
      for (const s of [...bench.servers, bench.bare]) s?.proc.kill('SIGKILL')
    })
    return bench
  }

  log = (msg: string) =>
    console.error(`[bench ${((performance.now() - this.started) / 1000).toFixed(1)}s] ${msg}`)

  /** Keeps a measurement's raw figures for the JSON file. */
  keep(measurement: string, db: string, value: unknown) {
    this.raw[measurement] ??= {}
    this.raw[measurement][db] = value
  }

  wants(id: string) {
    return !this.options.only || this.options.only.includes(id)
  }

  get emulator(): RunningEmulator {
    if (!this.emu) throw new Error('the emulator is not started')
    return this.emu
  }

  /** The second emulator, #4's: its token requests get a latency, the first one's stay instant. */
  get refresherEmulator(): RunningEmulator {
    if (!this.refresherEmu) throw new Error('the emulator is not started')
    return this.refresherEmu
  }

  /** Runs one measurement; a failure becomes an ERROR line and the run goes on. */
  async section(name: string, fn: () => Promise<void>, db?: string) {
    const t0 = performance.now()
    try {
      await fn()
      this.log(`${name}${db ? ` (${db})` : ''} done in ${fmt.s(performance.now() - t0)}`)
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err)
      this.errors.push({ section: db ? `${name} (${db})` : name, message })
      this.figures.push({
        id: name,
        db,
        what: 'section failed',
        value: 'ERROR',
        verdict: 'ERROR',
        note: message.split('\n')[0],
      })
      this.log(`${name}${db ? ` (${db})` : ''} failed: ${message}`)
    }
  }

  /**
   * The two HipChat emulators every server trusts (the bot path's, and #4's with its latency) and
   * the bare Hono route every figure is set against.
   */
  async startReferences() {
    this.emu = await startEmulator({ port: 0, rateLimit: 1_000_000_000 })
    this.refresherEmu = await startEmulator({ port: 0, rateLimit: 1_000_000_000 })
    // Each delayed token request listens on the emulator's shutdown signal.
    setMaxListeners(0, this.refresherEmu.state.shutdown.signal)
    const barePort = await freePort()
    this.bare = await spawnAndWait({
      args: [join(BENCH_DIR, 'bare-server.mjs'), String(barePort)],
      env: { PATH: process.env.PATH, NODE_ENV: 'production' },
      cwd: SERVER_DIR,
      port: barePort,
      healthPath: '/api/health',
      logFile: join(this.tmp, 'bare.log'),
    })
  }

  private serverEnv(
    port: number,
    backend: Backend,
    extra: Record<string, string>,
  ): Record<string, string | undefined> {
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(port),
      ...backend.env,
      TOKENDESK_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      TOKENDESK_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      TOKENDESK_TRUSTED_PROVIDERS: [this.emu?.url, this.refresherEmu?.url]
        .filter(Boolean)
        .join(','),
      TOKENDESK_WEB_DIST: this.webBuilt ? this.webDist : undefined,
      LOG_LEVEL: 'info',
      // For instrumenting the measured servers (a `--require` hook, say) without touching the bench.
      NODE_OPTIONS: process.env.TOKENDESK_BENCH_SERVER_NODE_OPTIONS,
      ...BOT_LIMITS,
      ...extra,
    }
  }

  /**
   * Copies the built server for this run, so every phase runs the same build even if
   * server/dist is rebuilt meanwhile (other work in the checkout). The copy sits in
   * server/dist/, where the bundle still finds its npm packages and its migrations.
   */
  snapshotBuild() {
    const built = join(SERVER_DIR, 'dist/index.js')
    if (!existsSync(built))
      throw new Error(`${built} is missing: build it (node build.mjs in server/)`)
    const dir = join(SERVER_DIR, 'dist', `bench-${process.pid}`)
    mkdirSync(dir, { recursive: true })
    for (const f of ['index.js', 'index.js.map'])
      if (existsSync(join(SERVER_DIR, 'dist', f)))
        copyFileSync(join(SERVER_DIR, 'dist', f), join(dir, f))
    this.serverEntry = join(dir, 'index.js')
  }

  /** Starts one built server (server/dist/index.js) on the backend and waits until it is healthy. */
  async startServer(label: string, backend: Backend, extra: Record<string, string> = {}) {
    const [server] = await this.startReplicas(label, { ...backend, replicas: 1 }, extra)
    if (!server) throw new Error('no server started')
    return server
  }

  /**
   * Starts the backend's replicas together (each its own port, log and profile) and waits until
   * every one is healthy. Replicas on one PostgreSQL database race for its migration lock.
   */
  async startReplicas(label: string, backend: Backend, extra: Record<string, string> = {}) {
    if (this.servers.length) throw new Error("the previous phase's servers are still running")
    this.phaseNo++
    const { profile, profileDir } = this.options
    while (this.serverPorts.length < backend.replicas) this.serverPorts.push(await freePort())
    const started = await Promise.allSettled(
      this.serverPorts.slice(0, backend.replicas).map((port, i) => {
        const name = backend.replicas === 1 ? label : `${label}-r${i + 1}`
        return spawnAndWait({
          args: [
            ...(profile
              ? [
                  '--cpu-prof',
                  `--cpu-prof-dir=${profileDir}`,
                  `--cpu-prof-name=server-${this.phaseNo}-${name}.cpuprofile`,
                ]
              : []),
            this.serverEntry,
          ],
          env: this.serverEnv(port, backend, extra),
          port,
          healthPath: '/api/health',
          logFile: join(this.tmp, `server-${this.phaseNo}-${name}.log`),
          // Three cold starts at once on two shared cores take longer than one.
          timeoutMs: 15_000 * backend.replicas,
        })
      }),
    )
    this.servers = started.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []))
    const failed = started.find((r) => r.status === 'rejected')
    if (failed) {
      await this.stopServer()
      throw (failed as PromiseRejectedResult).reason
    }
    const times = this.servers.map((s) => `${s.startMs.toFixed(0)} ms (pid ${s.pid})`).join(', ')
    this.log(`server (${label}, ${backend.label}) healthy after ${times}`)
    return this.servers
  }

  /** Records the memory of every server of the current phase, for #5. */
  recordMemory(db: string, phase: string) {
    const many = this.servers.length > 1
    this.servers.forEach((s, i) => {
      this.memory.push({ db, phase, ...(many ? { replica: i + 1 } : {}), ...memoryOf(s.pid) })
    })
  }

  /** Records a cold start (the slowest replica's when several started together), for #5. */
  recordColdStart(db: string, what: string, servers: Child[]) {
    const ms = Math.max(...servers.map((s) => s.startMs))
    const note =
      servers.length > 1
        ? `${servers.length} replicas started at once: ${servers.map((s) => fmt.ms(s.startMs)).join(', ')}`
        : undefined
    this.coldStarts.push({ db, what, ms, ...(note ? { note } : {}) })
  }

  /** Stops every server of the current phase. */
  async stopServer() {
    const servers = this.servers
    this.servers = []
    await Promise.all(servers.map((s) => s.stop()))
  }

  /** Opens a backend's database from the bench process, runs `fn` on it and closes it. */
  async seed<T>(backend: Backend, fn: (s: Store) => Promise<T>): Promise<T> {
    const s = backend.openStore()
    try {
      return await fn(s)
    } finally {
      await s.close()
    }
  }

  /**
   * Interleaves bare-route and server runs so drift on the shared cores hits both alike. With
   * several servers (replicas) the connections are spread over them, one load generator each,
   * all at once: throughput is their sum, latencies the worst replica's, and the server CPU per
   * request is every replica's CPU over every request.
   */
  async versusBare(opts: {
    servers: Child[]
    backend: Backend
    path: string
    headers: Record<string, string>
    connections: number
    sec: number
    rounds: number
    /** Report the servers' CPU per request. */
    cpu?: boolean
  }) {
    const bareUrl = `${this.bare?.url}/`
    const shares = split(opts.connections, opts.servers.length)
    const targets = opts.servers
      .map((s, i) => ({ url: `${s.url}${opts.path}`, pid: s.pid, connections: shares[i] ?? 0 }))
      .filter((t) => t.connections > 0)
    const spread = (durationSec: number) =>
      Promise.all(
        targets.map((t) =>
          load({ url: t.url, connections: t.connections, durationSec, headers: opts.headers }),
        ),
      ).then(combine)
    const cpuNow = () => targets.reduce((sum, t) => sum + cpuMsOf(t.pid), 0)
    const dbCpuNow = () => (opts.backend.kind === 'pg' ? (this.postgres?.cpuMs() ?? null) : null)
    await load({ url: bareUrl, connections: opts.connections, durationSec: this.cfg.warmupSec })
    await spread(this.cfg.warmupSec)
    const bareRuns: LoadResult[] = []
    const runs: LoadResult[] = []
    const cpuPerRequest: number[] = []
    const dbCpuPerRequest: number[] = []
    for (let i = 0; i < opts.rounds; i++) {
      bareRuns.push(
        await load({ url: bareUrl, connections: opts.connections, durationSec: opts.sec }),
      )
      const cpu0 = cpuNow()
      const db0 = dbCpuNow()
      const r = await spread(opts.sec)
      const db1 = dbCpuNow()
      if (opts.cpu) cpuPerRequest.push((cpuNow() - cpu0) / r.requests)
      if (opts.cpu && db0 !== null && db1 !== null) dbCpuPerRequest.push((db1 - db0) / r.requests)
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
      server: {
        ...summary(runs),
        cpuMsPerRequest: opts.cpu ? median(cpuPerRequest) : null,
        /** PostgreSQL's own CPU per request (every backend), when the bench runs the cluster. */
        dbCpuMsPerRequest: dbCpuPerRequest.length ? median(dbCpuPerRequest) : null,
      },
      bare: summary(bareRuns),
      /** Connections per server, e.g. [11, 11, 10]. */
      spread: targets.map((t) => t.connections),
      runs,
      bareRuns,
    }
  }

  async cleanup() {
    await this.stopServer().catch(() => {})
    await this.bare?.stop().catch(() => {})
    await this.emu?.close().catch(() => {})
    await this.refresherEmu?.close().catch(() => {})
    await this.postgres?.stop().catch(() => {})
    rmSync(join(SERVER_DIR, 'dist', `bench-${process.pid}`), { recursive: true, force: true })
    if (!this.options.keep) rmSync(this.tmp, { recursive: true, force: true })
  }
}

export const botPath = (tokenId: string) => `/api/v1/tokens/${tokenId}/access`
export const botUrl = (base: string, tokenId: string) => `${base}${botPath(tokenId)}`
