import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type RunningEmulator, startEmulator } from '@tokendesk/emulator'
import { anomalies, type LoadResult, load, median } from './lib/load'
import { type Child, cpuMsOf, freePort, spawnAndWait } from './lib/proc'
import type { Figure } from './lib/report'
import { openDataDirForSeeding } from './lib/seed'
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

export type Seeding = ReturnType<typeof openDataDirForSeeding>

/**
 * One run's state: its temp dir (data dirs, web build, server logs), the reference processes, the
 * server under test (one at a time) and what the measurements report.
 */
export class Bench {
  readonly cfg: BenchConfig
  readonly started = performance.now()
  readonly figures: Figure[] = []
  readonly raw: Record<string, unknown> = {}
  readonly errors: { section: string; message: string }[] = []
  /** The server's memory after each load phase, for #5. */
  readonly memory: { phase: string; rssMb: number; peakMb: number }[] = []
  readonly dataDir: string
  readonly webDist: string
  webBuilt = false
  baseline: InitialJs | undefined
  private emu: RunningEmulator | undefined
  private bare: Child | undefined
  private server: Child | undefined
  private serverPort = 0
  private phaseNo = 0

  private constructor(
    readonly options: BenchOptions,
    readonly tmp: string,
  ) {
    this.cfg = benchConfig(options.quick)
    this.dataDir = join(tmp, 'data')
    this.webDist = join(tmp, 'web-dist')
  }

  /** Makes the run's temp dir; cleanup() removes it unless --keep. */
  static create(options: BenchOptions) {
    return new Bench(options, mkdtempSync(join(tmpdir(), 'tokendesk-bench-')))
  }

  log = (msg: string) =>
    console.error(`[bench ${((performance.now() - this.started) / 1000).toFixed(1)}s] ${msg}`)

  wants(id: string) {
    return !this.options.only || this.options.only.includes(id)
  }

  get emulator(): RunningEmulator {
    if (!this.emu) throw new Error('the emulator is not started')
    return this.emu
  }

  /** Runs one measurement; a failure becomes an ERROR line and the run goes on. */
  async section(name: string, fn: () => Promise<void>) {
    try {
      await fn()
    } catch (err) {
      const message = err instanceof Error ? (err.stack ?? err.message) : String(err)
      this.errors.push({ section: name, message })
      this.figures.push({
        id: name,
        what: 'section failed',
        value: 'ERROR',
        verdict: 'ERROR',
        note: message.split('\n')[0],
      })
      this.log(`${name} failed: ${message}`)
    }
  }

  /** The HipChat emulator the server trusts and the bare Hono route every figure is set against. */
  async startReferences() {
    this.emu = await startEmulator({ port: 0, rateLimit: 1_000_000_000 })
    this.serverPort = await freePort()
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

  private serverEnv(extra: Record<string, string>): Record<string, string | undefined> {
    return {
      PATH: process.env.PATH,
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      PORT: String(this.serverPort),
      TOKENDESK_DATA_DIR: this.dataDir,
      TOKENDESK_BOOTSTRAP_ADMIN_EMAIL: ADMIN.email,
      TOKENDESK_BOOTSTRAP_ADMIN_PASSWORD: ADMIN.password,
      TOKENDESK_TRUSTED_PROVIDERS: this.emu?.url,
      TOKENDESK_WEB_DIST: this.webBuilt ? this.webDist : undefined,
      LOG_LEVEL: 'info',
      ...BOT_LIMITS,
      ...extra,
    }
  }

  /** Starts the built server (server/dist/index.js) and waits until it is healthy. */
  async startServer(label: string, extra: Record<string, string> = {}) {
    this.phaseNo++
    const { profile, profileDir } = this.options
    const args = profile
      ? [
          '--cpu-prof',
          `--cpu-prof-dir=${profileDir}`,
          `--cpu-prof-name=server-${this.phaseNo}-${label}.cpuprofile`,
        ]
      : []
    const server = await spawnAndWait({
      args: [...args, join(SERVER_DIR, 'dist/index.js')],
      env: this.serverEnv(extra),
      port: this.serverPort,
      healthPath: '/api/health',
      logFile: join(this.tmp, `server-${this.phaseNo}-${label}.log`),
    })
    this.server = server
    this.log(`server (${label}) healthy after ${server.startMs.toFixed(0)} ms, pid ${server.pid}`)
    return server
  }

  async stopServer() {
    await this.server?.stop()
    this.server = undefined
  }

  /** Opens a stopped server's data dir (the run's own unless `dir` is given) and writes to it. */
  seed(fn: (s: Seeding) => void, dir = this.dataDir) {
    const s = openDataDirForSeeding(dir)
    try {
      fn(s)
    } finally {
      s.close()
    }
  }

  /** Interleaves bare-route and server runs so drift on the shared cores hits both alike. */
  async versusBare(opts: {
    url: string
    headers: Record<string, string>
    connections: number
    sec: number
    rounds: number
    /** The server's pid: its CPU time per request is reported too. */
    pid?: number
  }) {
    const bareUrl = `${this.bare?.url}/`
    for (const url of [bareUrl, opts.url])
      await load({
        url,
        connections: opts.connections,
        durationSec: this.cfg.warmupSec,
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

  async cleanup() {
    await this.server?.stop().catch(() => {})
    await this.bare?.stop().catch(() => {})
    await this.emu?.close().catch(() => {})
    if (!this.options.keep) rmSync(this.tmp, { recursive: true, force: true })
  }
}

export const botUrl = (base: string, tokenId: string) => `${base}/api/v1/tokens/${tokenId}/access`
