import { mkdirSync } from 'node:fs'
import { loadavg } from 'node:os'
import { Bench } from './harness'
import { memoryOf, run } from './lib/proc'
import { machine } from './lib/report'
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
 * The server runs in four phases on one data dir (fresh, SPA tokens added, list tokens added,
 * LOG_LEVEL=warn), then on its own data dir for the refresher; RSS and cold starts come from them.
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
    durationSec: Math.round((performance.now() - bench.started) / 100) / 10,
    machine: { ...machine(), loadAvgAtStart: loadAtStart },
    config: bench.cfg,
    figures: bench.figures,
    errors: bench.errors,
    raw: bench.raw,
  }
}

export type BenchResult = Awaited<ReturnType<typeof runBenchmarks>>

async function phases(bench: Bench) {
  const { options } = bench
  bench.log(`${options.quick ? 'quick' : 'full'} run, temp dir ${bench.tmp}`)
  if (options.profile) mkdirSync(options.profileDir, { recursive: true })

  await bench.section('build', async () => {
    if (options.build) {
      const b = await run(process.execPath, ['build.mjs'], { cwd: SERVER_DIR })
      bench.log(`server built in ${b.ms.toFixed(0)} ms`)
    }
    if (bench.wants('6')) await buildSpa(bench)
  })
  await bench.startReferences()

  // Phase 1: a fresh data dir. Cold start, set-up through the API, #1 and #3.
  const fresh = await bench.startServer('fresh')
  const fixture = await setUpBotFixture(bench, fresh)
  if (bench.wants('1')) await bench.section('1', () => botAccess(bench, fresh, fixture))
  if (bench.wants('3')) await bench.section('3', () => expiredTokenStampede(bench, fresh, fixture))
  bench.memory.push({ phase: 'after #1 and #3 (bot load)', ...memoryOf(fresh.pid) })
  await bench.stopServer()

  // Phase 2: the admin's tokens for the SPA, then #6.
  seedSpaTokens(bench)
  const withSpa = await bench.startServer('spa-seeded')
  if (bench.wants('6')) await bench.section('6', () => spaFirstRender(bench, withSpa))
  bench.memory.push({ phase: 'after #6 (SPA)', ...memoryOf(withSpa.pid) })
  await bench.stopServer()

  // Phase 3: the owner's tokens, cold start on the bigger database, then #2.
  seedOwnerTokens(bench, fixture.ownerId)
  const big = await bench.startServer('list-seeded')
  if (bench.wants('2')) await bench.section('2', () => tokenList(bench, big))
  bench.memory.push({ phase: 'after #2 (list load)', ...memoryOf(big.pid) })
  await bench.stopServer()

  // Phase 4: #1 again with LOG_LEVEL=warn (request logging off the hot path), for comparison.
  const quiet = await bench.startServer('log-warn', { LOG_LEVEL: 'warn' })
  if (bench.wants('1')) await bench.section('1w', () => botAccessLogWarn(bench, quiet, fixture))
  await bench.stopServer()

  if (bench.wants('5'))
    memoryAndColdStart(bench, {
      freshMs: fresh.startMs,
      bigDbMs: big.startMs,
      bigDbLogWarnMs: quiet.startMs,
    })
  if (bench.wants('4')) await bench.section('4', () => refresher(bench))
}
