import { readdirSync, readFileSync } from 'node:fs'
import pg from 'pg'
import { startCluster, waitForServer } from '../../src/test/pg-cluster'

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
 * started here in a temp dir (`startCluster` of `src/test/pg-cluster.ts`, as the tests start
 * theirs) with PostgreSQL's default durability: unlike the tests' cluster (fsync off), every
 * commit here waits for its WAL flush, as SQLite's `synchronous=FULL` waits for its own.
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
  const t0 = performance.now()
  // Its own temp dir (beside the run's, on the same TMPDIR disk), with the log the run keeps.
  const cluster = await startCluster({
    prefix: 'tokendesk-bench-pg-',
    durable: true,
    logFile: opts.logFile,
    keep: opts.keep,
  }).catch((err: Error) => {
    throw new Error(`${err.message} (or set TOKENDESK_BENCH_DATABASE_URL)`)
  })
  opts.log(`PostgreSQL started in ${(performance.now() - t0).toFixed(0)} ms (${cluster.url})`)
  const postmaster = cluster.pid
  return withDatabases(cluster.url, 'bench cluster', cluster.stop, () =>
    postmaster === undefined ? null : clusterCpuMs(postmaster),
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
