import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url))
export const SERVER_DIR = resolve(BENCH_DIR, '..')
export const ROOT = resolve(SERVER_DIR, '..')

export type BenchOptions = {
  quick: boolean
  /** The measurement ids to run (set-up still runs); null runs them all. */
  only: string[] | null
  /** false with --no-build: use the existing server/dist. */
  build: boolean
  profile: boolean
  keep: boolean
  outFile: string
  profileDir: string
}

export function parseOptions(argv: string[]): BenchOptions {
  const flag = (name: string) => argv.includes(`--${name}`)
  const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  return {
    quick: flag('quick'),
    only: option('only')?.split(',') ?? null,
    build: !flag('no-build'),
    profile: flag('profile'),
    keep: flag('keep'),
    outFile: resolve(ROOT, option('out') ?? 'bench-results/latest.json'),
    profileDir: join(ROOT, 'bench-results/profiles'),
  }
}

/** Counts and durations: the full run's, or the quick run's (CI smoke, < 60 s). */
export function benchConfig(quick: boolean) {
  return {
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
}

export type BenchConfig = ReturnType<typeof benchConfig>
