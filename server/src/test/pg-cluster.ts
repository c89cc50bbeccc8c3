import { type ChildProcess, execFileSync, spawn } from 'node:child_process'
import { chownSync, closeSync, mkdtempSync, openSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import pg from 'pg'

/** A PostgreSQL server for tests: `url` names its maintenance database as a role that may create databases. */
export type TestPostgres = {
  url: string
  /** True when the server came from TOKENDESK_TEST_DATABASE_URL (we neither started nor stop it). */
  external: boolean
  stop(): Promise<void>
}

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..')

export const HOW_TO_PROVIDE =
  'Set TOKENDESK_TEST_DATABASE_URL=postgres://user@host:port/postgres to a PostgreSQL server whose role may create databases, or install the PostgreSQL server binaries (Debian: apt-get install postgresql) so the tests can start a throwaway cluster.'

/** Thrown when no PostgreSQL can be had; the message says how to provide one. */
export class NoPostgresError extends Error {}

/**
 * TOKENDESK_TEST_DATABASE_URL when set; otherwise a throwaway cluster in a temp dir (initdb,
 * durability off, trust on loopback), removed by `stop()`. Never resolves to "no server": it
 * throws `NoPostgresError` instead, so PostgreSQL suites fail rather than vanish.
 */
export async function startTestPostgres(): Promise<TestPostgres> {
  const external = process.env.TOKENDESK_TEST_DATABASE_URL
  if (external) {
    try {
      await waitForServer(external, 10_000)
    } catch (err) {
      throw new NoPostgresError(
        `TOKENDESK_TEST_DATABASE_URL is set but its server does not answer: ${(err as Error).message}. ${HOW_TO_PROVIDE}`,
      )
    }
    return { url: external, external: true, stop: async () => {} }
  }
  return startThrowawayCluster()
}

function serverBinDir() {
  try {
    // The script finds Debian's versioned dir (not on PATH) and installs the package as root.
    return execFileSync('bash', [join(repoRoot, 'scripts', 'ensure-postgres.sh')], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
    }).trim()
  } catch (err) {
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim()
    throw new NoPostgresError(`No PostgreSQL server binaries: ${stderr || err}. ${HOW_TO_PROVIDE}`)
  }
}

/** PostgreSQL refuses to run as root: as root we run it as `postgres` (Debian's) or `nobody`. */
function serverIdentity(): { uid: number; gid: number } | null {
  if (process.getuid?.() !== 0) return null
  for (const name of ['postgres', 'nobody']) {
    try {
      const id = (flag: string) =>
        Number(execFileSync('id', [flag, name], { encoding: 'utf8', stdio: 'pipe' }).trim())
      return { uid: id('-u'), gid: id('-g') }
    } catch {}
  }
  throw new NoPostgresError(
    `Running as root and no unprivileged user (postgres, nobody) to run PostgreSQL as. ${HOW_TO_PROVIDE}`,
  )
}

async function freePort() {
  const probe = createServer()
  await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r))
  const { port } = probe.address() as { port: number }
  await new Promise<void>((r) => probe.close(() => r()))
  return port
}

async function startThrowawayCluster(): Promise<TestPostgres> {
  const cluster = await startCluster({ prefix: 'tokendesk-pg-' })
  return { url: cluster.url, external: false, stop: cluster.stop }
}

export type ClusterOptions = {
  /** Temp dir name prefix. */
  prefix: string
  /**
   * PostgreSQL's default durability (fsync, synchronous_commit and full_page_writes on, 128 MB
   * of buffers), as the bench measures it; otherwise the tests' settings: durability off, many
   * connections.
   */
  durable?: boolean
  /** Appends the server's output there; otherwise only its last lines are kept, for errors. */
  logFile?: string
  /** Leaves the temp dir (data and socket) after `stop`, to read later. */
  keep?: boolean
}

export type Cluster = {
  url: string
  /** The postmaster's pid, for its CPU time. */
  pid: number | undefined
  stop(): Promise<void>
}

/**
 * A new cluster in a temp dir (initdb, trust on loopback, run as an unprivileged user when we are
 * root) on a free port of 127.0.0.1. Throws `NoPostgresError` when none can be started.
 */
export async function startCluster(opts: ClusterOptions): Promise<Cluster> {
  const bin = serverBinDir()
  const who = serverIdentity()
  const base = mkdtempSync(join(tmpdir(), opts.prefix))
  const data = join(base, 'data')
  const remove = () => {
    if (!opts.keep) rmSync(base, { recursive: true, force: true })
  }
  const asServer = {
    ...(who ?? {}),
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', LC_ALL: 'C', TZ: 'UTC' },
  }
  try {
    if (who) chownSync(base, who.uid, who.gid)
    // --no-sync only skips initdb's own final flush; a durable server keeps fsync on.
    execFileSync(
      join(bin, 'initdb'),
      [
        ...['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C'],
        '--no-sync',
      ],
      { ...asServer, stdio: ['ignore', 'pipe', 'pipe'] },
    )
  } catch (err) {
    remove()
    const stderr = String((err as { stderr?: unknown }).stderr ?? '').trim()
    throw new NoPostgresError(`initdb failed: ${stderr || err}. ${HOW_TO_PROVIDE}`)
  }
  const settings = opts.durable
    ? []
    : [
        // Throwaway data: durability off for speed.
        ...['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off'],
        // Parallel test workers × apps × pools.
        ...['-c', 'max_connections=300', '-c', 'shared_buffers=64MB'],
        ...['-c', 'log_min_messages=warning', '-c', 'log_min_error_statement=panic'],
      ]
  const logFd = opts.logFile ? openSync(opts.logFile, 'a') : null

  let lastError = ''
  // A port found free can be taken before the server binds it; a few tries absorb that race.
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort()
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`
    const child = spawn(
      join(bin, 'postgres'),
      [
        ...['-D', data, '-p', String(port), '-k', base, '-c', 'listen_addresses=127.0.0.1'],
        ...settings,
      ],
      { ...asServer, stdio: ['ignore', logFd ?? 'ignore', logFd ?? 'pipe'] },
    )
    let output = opts.logFile ? `(see ${opts.logFile})` : ''
    child.stderr?.on('data', (d) => {
      output = (output + d).slice(-4000)
    })
    const exited = new Promise<void>((r) => child.once('exit', () => r()))
    // If the process dies without stopping the cluster, take the cluster down with it.
    const onExit = () => {
      child.kill('SIGKILL')
      remove()
    }
    process.once('exit', onExit)
    try {
      await Promise.race([
        waitForServer(url, 30_000),
        exited.then(() => {
          throw new Error(`postgres exited: ${output.trim()}`)
        }),
      ])
      return {
        url,
        pid: child.pid,
        async stop() {
          process.removeListener('exit', onExit)
          await stopServer(child, exited)
          if (logFd !== null) closeSync(logFd)
          remove()
        },
      }
    } catch (err) {
      lastError = (err as Error).message
      process.removeListener('exit', onExit)
      await stopServer(child, exited)
    }
  }
  if (logFd !== null) closeSync(logFd)
  remove()
  throw new NoPostgresError(`PostgreSQL did not start: ${lastError}. ${HOW_TO_PROVIDE}`)
}

/** Immediate shutdown (SIGQUIT): the data is thrown away, so no checkpoint is worth waiting for. */
async function stopServer(child: ChildProcess, exited: Promise<void>) {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGQUIT')
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000)
  await exited
  clearTimeout(timer)
}

export async function waitForServer(url: string, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const client = new pg.Client({ connectionString: url })
    try {
      await client.connect()
      await client.query('select 1')
      return
    } catch (err) {
      if (Date.now() > deadline) throw err
      // Polling a server that is starting up, not timing test logic.
      await new Promise((r) => setTimeout(r, 100))
    } finally {
      await client.end().catch(() => {})
    }
  }
}
