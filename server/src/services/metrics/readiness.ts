import { sql } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { pendingMigrations } from '../../db/migrate'
import { rawRows } from '../../db/raw'

/** A database that does not answer in this long counts as down (a pool may wait forever). */
const CHECK_TIMEOUT_MS = 2000

/**
 * What readiness knows beyond the database: whether boot verified the master key against the
 * stored canary, and whether the process has begun shutting down. index.ts and the shutdown
 * sequence set it; `/api/health/ready` reads it.
 */
export type HealthState = {
  keyVerified: boolean
  shuttingDown: boolean
}

/**
 * Every app is built on a database that `openDatabase` (or a test's equivalent) has opened, and
 * opening refuses a key that cannot decrypt the canary, so an app starts out verified.
 */
export function createHealthState(init: Partial<HealthState> = {}): HealthState {
  return { keyVerified: true, shuttingDown: false, ...init }
}

export type ReadyChecks = {
  database: 'ok' | 'failed'
  migrations: 'ok' | 'pending' | 'unknown'
  key: 'ok' | 'unverified'
  process: 'ok' | 'shutting_down'
}

function within<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('timed out')), ms)
  })
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer))
}

async function databaseAnswers(db: Db): Promise<ReadyChecks['database']> {
  try {
    await within(rawRows(db, sql`select 1 as ok`), CHECK_TIMEOUT_MS)
    return 'ok'
  } catch {
    return 'failed'
  }
}

async function migrationsCurrent(db: Db): Promise<ReadyChecks['migrations']> {
  try {
    return (await within(pendingMigrations(db), CHECK_TIMEOUT_MS)) === 0 ? 'ok' : 'pending'
  } catch {
    return 'unknown'
  }
}

/** Whether this replica should get traffic, and each check's verdict. */
export async function readiness(db: Db, state: HealthState) {
  const [database, migrations] = await Promise.all([databaseAnswers(db), migrationsCurrent(db)])
  const checks: ReadyChecks = {
    database,
    migrations,
    key: state.keyVerified ? 'ok' : 'unverified',
    process: state.shuttingDown ? 'shutting_down' : 'ok',
  }
  return { ready: Object.values(checks).every((v) => v === 'ok'), checks }
}
