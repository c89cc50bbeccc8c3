import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

export const BENCH_DIR = dirname(fileURLToPath(import.meta.url))
export const SERVER_DIR = resolve(BENCH_DIR, '..')
export const ROOT = resolve(SERVER_DIR, '..')

export type BenchOptions = {
  quick: boolean
  /** The measurement ids to run (set-up still runs); null runs them all. */
  only: string[] | null
  /** The databases to run on: sqlite, pg (one server), pg3 (three replicas). */
  dbs: DbChoice[]
  /** false with --no-build: use the existing server/dist. */
  build: boolean
  profile: boolean
  keep: boolean
  outFile: string
  profileDir: string
}

export const DB_CHOICES = ['sqlite', 'pg', 'pg3'] as const
export type DbChoice = (typeof DB_CHOICES)[number]

export function parseOptions(argv: string[]): BenchOptions {
  const flag = (name: string) => argv.includes(`--${name}`)
  const option = (name: string) => argv.find((a) => a.startsWith(`--${name}=`))?.split('=')[1]
  const dbs = option('db')?.split(',') ?? [...DB_CHOICES]
  const unknown = dbs.filter((d) => !(DB_CHOICES as readonly string[]).includes(d))
  if (unknown.length)
    throw new Error(`--db: unknown ${unknown.join(', ')} (choose from ${DB_CHOICES.join(', ')})`)
  return {
    quick: flag('quick'),
    only: option('only')?.split(',') ?? null,
    dbs: dbs as DbChoice[],
    build: !flag('no-build'),
    profile: flag('profile'),
    keep: flag('keep'),
    outFile: resolve(ROOT, option('out') ?? 'bench-results/latest.json'),
    profileDir: join(ROOT, 'bench-results/profiles'),
  }
}

/**
 * Counts and durations: the full run's, or the quick run's (the CI smoke: every section once on
 * every database, under 90 s on a quiet machine, so one refresher concurrency and small counts).
 */
export function benchConfig(quick: boolean) {
  return {
    warmupSec: quick ? 0.25 : 2,
    rounds: quick ? 1 : 3,
    botSec: quick ? 0.5 : 5,
    botConnections: 32,
    listSec: quick ? 0.5 : 3,
    listTokens: quick ? 2_000 : 10_000,
    stampede: quick ? 200 : 1_000,
    spaTokens: quick ? 200 : 1_000,
    spaRuns: quick ? 1 : 3,
    refresherTokens: quick ? 100 : 5_000,
    refresherLatencyMs: 20,
    refresherConcurrencies: quick ? [16] : [4, 16],
    warnRounds: quick ? 1 : 2,
  }
}

export type BenchConfig = ReturnType<typeof benchConfig>
