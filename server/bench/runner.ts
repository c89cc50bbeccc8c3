import { mkdirSync } from 'node:fs'
import { loadavg } from 'node:os'
import { Bench } from './harness'
import { run } from './lib/proc'
import { byMeasurement, machine } from './lib/report'
import { botAccess, botAccessLogWarn } from './measurements/bot-access'
import { expiredTokenStampede } from './measurements/expired-token-stampede'
import { memoryAndColdStart } from './measurements/memory-cold-start'
import { refresher } from './measurements/refresher'
import { buildSpa, seedSpaTokens, spaFirstRender } from './measurements/spa-first-render'
import { seedOwnerTokens, tokenList } from './measurements/token-list'
import { type BenchOptions, SERVER_DIR } from './options'
import { setUpBotFixture } from './setup'

/**
 * Runs the measurements in BENCHMARKS.md against the built server and returns what they found.
 * On SQLite the server runs in phases on one data dir (fresh, SPA tokens added, list tokens
 * added, LOG_LEVEL=warn, the refresher's due tokens added). Then the bot path, the list and the
 * refresher again on PostgreSQL, with one server process and with three replicas on one database
 * (a new database for each). RSS and cold starts come from those phases. A phase whose
 * measurements --only leaves out is skipped, except the first (its set-up is everyone's).
 */
export async function runBenchmarks(options: BenchOptions) {
  const loadAtStart = loadavg().map((l) => Math.round(l * 100) / 100)
  const bench = Bench.create(options)
  try {
    await phases(bench)
  } catch (err) {
    const message = err instanceof Error ? (err.stack ?? err.message) : String(err)
    bench.errors.push({ section: 'main', message })
    bench.log(`run aborted: ${message}`)
  } finally {
    await bench.cleanup()
  }
  return {
    date: new Date().toISOString(),
    mode: options.quick ? 'quick' : 'full',
    only: options.only,
    dbs: options.dbs,
    durationSec: Math.round((performance.now() - bench.started) / 100) / 10,
    machine: { ...machine(), loadAvgAtStart: loadAtStart },
    postgres: bench.postgres?.settings ?? null,
    config: bench.cfg,
    figures: byMeasurement(bench.figures),
    errors: bench.errors,
    raw: bench.raw,
  }
}

export type BenchResult = Awaited<ReturnType<typeof runBenchmarks>>

async function phases(bench: Bench) {
  const { options } = bench
  bench.log(
    `${options.quick ? 'quick' : 'full'} run on ${options.dbs.join(', ')}, temp dir ${bench.tmp}`,
  )
  if (options.profile) mkdirSync(options.profileDir, { recursive: true })

  await bench.section('build', async () => {
    if (options.build) {
      const b = await run(process.execPath, ['build.mjs'], { cwd: SERVER_DIR })
      bench.log(`server built in ${b.ms.toFixed(0)} ms`)
    }
    if (options.dbs.includes('sqlite') && bench.wants('6')) await buildSpa(bench)
  })
  bench.snapshotBuild()
  await bench.startReferences()

  // A failed set-up (a server that does not start, no PostgreSQL) is this database's ERROR line,
  // and the run goes on with the next database.
  if (options.dbs.includes('sqlite'))
    await bench.section(
      'setup',
      () => sqlitePhases(bench).finally(() => bench.stopServer()),
      bench.sqlite.label,
    )
  for (const replicas of [1, 3]) {
    if (!options.dbs.includes(replicas === 1 ? 'pg' : 'pg3')) continue
    if (!['1', '2', '3', '4', '5'].some((id) => bench.wants(id))) continue
    await bench.section(
      'setup',
      () => pgPhases(bench, replicas).finally(() => bench.stopServer()),
      replicas === 1 ? 'PostgreSQL' : `PostgreSQL ×${replicas}`,
    )
  }
  if (bench.wants('5') && bench.memory.length) memoryAndColdStart(bench)
}

async function sqlitePhases(bench: Bench) {
  const { cfg } = bench
  const backend = bench.sqlite
  const db = backend.label

  // Phase 1: a fresh data dir. Cold start, set-up through the API, #1 and #3.
  const fresh = await bench.startServer('fresh', backend)
  bench.recordColdStart(db, 'fresh data dir (migrations, bootstrap admin)', [fresh])
  const fixture = await setUpBotFixture(bench, fresh)
  if (bench.wants('1'))
    await bench.section('1', () => botAccess(bench, [fresh], fixture, backend), db)
  if (bench.wants('3'))
    await bench.section('3', () => expiredTokenStampede(bench, [fresh], fixture, backend), db)
  bench.recordMemory(db, 'after #1 and #3 (bot load)')
  await bench.stopServer()

  // Phase 2: the admin's tokens for the SPA, then #6.
  if (bench.wants('6')) {
    await seedSpaTokens(bench)
    const withSpa = await bench.startServer('spa-seeded', backend)
    await bench.section('6', () => spaFirstRender(bench, withSpa), db)
    bench.recordMemory(db, 'after #6 (SPA)')
    await bench.stopServer()
  }

  // Phase 3: the owner's tokens, cold start on the bigger database, then #2.
  if (bench.wants('2') || bench.wants('5')) {
    await seedOwnerTokens(bench, backend, fixture.ownerId)
    const big = await bench.startServer('list-seeded', backend)
    const total = cfg.listTokens + (bench.wants('6') ? cfg.spaTokens : 0)
    bench.recordColdStart(db, `existing database (${total} tokens)`, [big])
    if (bench.wants('2'))
      await bench.section('2', () => tokenList(bench, [big], backend, total + 2), db)
    bench.recordMemory(db, 'after #2 (list load)')
    await bench.stopServer()
  }

  // Phase 4: #1 again with LOG_LEVEL=warn (request logging off the hot path), for comparison.
  if (bench.wants('1')) {
    const quiet = await bench.startServer('log-warn', backend, { LOG_LEVEL: 'warn' })
    await bench.section('1', () => botAccessLogWarn(bench, quiet, fixture), db)
    await bench.stopServer()
  }

  // Phase 5: the refresher's due tokens added, then #4 (its own server starts).
  if (bench.wants('4'))
    await bench.section('4', () => refresher(bench, backend, fixture.refresherInstallation), db)
}

/**
 * #1, #3, #2 and #4 on PostgreSQL, served by `replicas` processes that start together on one
 * new database: the bot phase, then the list phase, then the refresher's rounds.
 */
async function pgPhases(bench: Bench, replicas: number) {
  const { cfg } = bench
  const name = replicas === 1 ? 'pg' : `pg${replicas}`
  const backend = await bench.pgBackend(name, replicas)
  const db = backend.label
  const many = replicas > 1 ? `, ${replicas} replicas at once` : ''

  const fresh = await bench.startReplicas('pg-fresh', backend)
  bench.recordColdStart(db, `fresh database${many} (migrations, bootstrap admin)`, fresh)
  const [first] = fresh
  if (!first) throw new Error('no server')
  const fixture = await setUpBotFixture(bench, first)
  if (bench.wants('1'))
    await bench.section('1', () => botAccess(bench, fresh, fixture, backend), db)
  if (bench.wants('3'))
    await bench.section('3', () => expiredTokenStampede(bench, fresh, fixture, backend), db)
  bench.recordMemory(db, 'after #1 and #3 (bot load)')
  await bench.stopServer()

  if (bench.wants('2') || bench.wants('5')) {
    await seedOwnerTokens(bench, backend, fixture.ownerId)
    const big = await bench.startReplicas('pg-list-seeded', backend)
    bench.recordColdStart(db, `existing database (${cfg.listTokens} tokens)${many}`, big)
    if (bench.wants('2'))
      await bench.section('2', () => tokenList(bench, big, backend, cfg.listTokens + 2), db)
    bench.recordMemory(db, 'after #2 (list load)')
    await bench.stopServer()
  }

  if (bench.wants('4'))
    await bench.section('4', () => refresher(bench, backend, fixture.refresherInstallation), db)
}
