import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chownSync, mkdtempSync, openSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { HOW_TO_PROVIDE } from '../../src/test/pg-cluster'
import { ROOT } from '../options'
import { freePort, HOST, sleep } from './proc'

/** The PostgreSQL server the bench runs its PostgreSQL phases on. */
export type BenchPostgres = {
  /** Its durability settings and version, as the server reports them (printed with the figures). */
  settings: PgSettings
  /** A new empty database on it: one per phase, so each phase starts from migrations. */
  createDatabase(name: string): Promise<string>
  /**
   * CPU time the whole server has used so far (postmaster, live backends, and the backends
   * that exited), ms; null for a server the bench did not start.
   */
  cpuMs(): number | null
  stop(): Promise<void>
}

export type PgSettings = {
  version: string
  fsync: string
  synchronousCommit: string
  fullPageWrites: string
  sharedBuffers: string
  /** 'bench cluster' (started here), or the variable that named the server. */
  source: string
}

/**
 * TOKENDESK_BENCH_DATABASE_URL when set (a role that may create databases), else the tests'
 * TOKENDESK_TEST_DATABASE_URL (its settings are printed with the figures); otherwise a cluster
 * started here in a temp dir with PostgreSQL's default durability: unlike the tests' throwaway
 * cluster (`src/test/pg-cluster.ts`, fsync off), every commit here waits for its WAL flush, as
 * SQLite's `synchronous=FULL` waits for its own.
 */
export async function startBenchPostgres(opts: {
  logFile: string
  keep: boolean
  log: (m: string) => void
}) {
  for (const name of ['TOKENDESK_BENCH_DATABASE_URL', 'TOKENDESK_TEST_DATABASE_URL']) {
    const external = process.env[name]
    if (!external) continue
    await waitForServer(external, 10_000)
    return withDatabases(
      external,
      name,
      async () => {},
      () => null,
    )
  }
  const bin = serverBinDir()
  const who = serverIdentity()
  // Its own temp dir (beside the run's, on the same TMPDIR disk): the server's user must own it.
  const base = mkdtempSync(join(tmpdir(), 'tokendesk-bench-pg-'))
  const remove = () => {
    if (!opts.keep) rmSync(base, { recursive: true, force: true })
  }
  const data = join(base, 'data')
  if (who) chownSync(base, who.uid, who.gid)
  const asServer = {
    ...(who ?? {}),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' },
  }
  const t0 = performance.now()
  // --no-sync only skips initdb's own final flush; the running server keeps fsync on.
  try {
    execFileSync(
      join(bin, 'initdb'),
      ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'],
      { ...asServer, stdio: ['ignore', 'pipe', 'pipe'] },
    )
  } catch (err) {
    remove()
    throw new Error(`initdb failed: ${String((err as { stderr?: unknown }).stderr ?? err)}`)
  }
  const port = await freePort()
  const url = `postgres://postgres@${HOST}:${port}/postgres`
  const logFd = openSync(opts.logFile, 'a')
  const child = spawn(
    join(bin, 'postgres'),
    // Defaults otherwise (fsync, synchronous_commit and full_page_writes on, 128 MB buffers).
    ['-D', data, '-p', String(port), '-k', base, '-c', `listen_addresses=${HOST}`],
    { ...asServer, stdio: ['ignore', logFd, logFd] },
  )
  const exited = new Promise<void>((r) => child.once('exit', () => r()))
  const onExit = () => {
    child.kill('SIGKILL')
    remove()
  }
  process.once('exit', onExit)
  try {
    await Promise.race([
      waitForServer(url, 30_000),
      exited.then(() => {
        throw new Error(`postgres exited at start (see ${opts.logFile})`)
      }),
    ])
  } catch (err) {
    process.removeListener('exit', onExit)
    await stopServer(child, exited)
    remove()
    throw err
  }
  opts.log(`PostgreSQL started in ${(performance.now() - t0).toFixed(0)} ms on port ${port}`)
  const postmaster = child.pid
  return withDatabases(
    url,
    'bench cluster',
    async () => {
      process.removeListener('exit', onExit)
      await stopServer(child, exited)
      remove()
    },
    () => (postmaster === undefined ? null : clusterCpuMs(postmaster)),
  )
}

async function withDatabases(
  url: string,
  source: string,
  stop: () => Promise<void>,
  cpuMs: () => number | null,
): Promise<BenchPostgres> {
  const admin = new pg.Client({ connectionString: url })
  await admin.connect()
  const show = async (name: string) =>
    String((await admin.query(`show ${name}`)).rows[0]?.[name] ?? '')
  const settings: PgSettings = {
    version: (await show('server_version')).split(' ')[0] ?? '',
    fsync: await show('fsync'),
    synchronousCommit: await show('synchronous_commit'),
    fullPageWrites: await show('full_page_writes'),
    sharedBuffers: await show('shared_buffers'),
    source,
  }
  const suffix = `${process.pid}_${Date.now().toString(36)}`
  const created: string[] = []
  let n = 0
  return {
    settings,
    cpuMs,
    async createDatabase(name) {
      const db = `bench_${name}_${suffix}_${++n}`
      await admin.query(`create database "${db}"`)
      created.push(db)
      const u = new URL(url)
      u.pathname = `/${db}`
      return u.toString()
    },
    async stop() {
      // On a server of our own the cluster goes with the temp dir; on someone else's, tidy up.
      if (source !== 'bench cluster')
        for (const db of created)
          await admin.query(`drop database if exists "${db}" with (force)`).catch(() => {})
      await admin.end().catch(() => {})
      await stop()
    },
  }
}

/** utime, stime, cutime, cstime of a process from /proc (clock ticks of 10 ms), or null if gone. */
function procTimes(pid: number | string) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    return {
      ppid: Number(f[1]),
      own: Number(f[11]) + Number(f[12]),
      reaped: Number(f[13]) + Number(f[14]),
    }
  } catch {
    return null
  }
}

/** The postmaster's own and its reaped children's CPU, plus every live backend's, in ms. */
function clusterCpuMs(postmaster: number) {
  const main = procTimes(postmaster)
  if (!main) return 0
  let ticks = main.own + main.reaped
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue
    const t = procTimes(entry)
    if (t?.ppid === postmaster) ticks += t.own
  }
  return ticks * 10
}

function serverBinDir() {
  try {
    // Finds Debian's versioned dir (not on PATH) and installs the package as root, as the tests do.
    return execFileSync('bash', [join(ROOT, 'scripts', 'ensure-postgres.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim()
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim()
    throw new Error(
      `No PostgreSQL server binaries: ${stderr || err}. Set TOKENDESK_BENCH_DATABASE_URL, or: ${HOW_TO_PROVIDE}`,
    )
  }
}

/** PostgreSQL refuses to run as root: as root it runs as `postgres` (Debian's) or `nobody`. */
function serverIdentity(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null
  for (const name of ['postgres', 'nobody']) {
    try {
      const id = (flag: string) =>
        Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: 'pipe' }).trim())
      return { uid: id('-u'), gid: id('-g') }
    } catch {}
  }
  throw new Error(
    'running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as',
  )
}

/** Immediate shutdown: the cluster is thrown away with the temp dir. */
async function stopServer(child: ChildProcess, exited: Promise<void>) {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGQUIT')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

async function waitForServer(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      await client.query('select 1')
      return
    } catch (err) {
      if (Date.now() > deadline) throw err
      await sleep(50)
    } finally {
      await client.end().catch(() => {})
    }
  }
}
