import { AsyncLocalStorage } from 'node:async_hooks'
import { type Db, handleOf, type PgDatabase, type Tx } from './client'

const inTransaction = new AsyncLocalStorage<object>()

/**
 * SQLite writes of this process take turns, per database file: one open transaction at a time,
 * even across several handles on one file (a second `BEGIN IMMEDIATE` would block the event loop
 * in better-sqlite3's busy wait while the first waits for that same loop to commit).
 */
const writeQueues = new Map<string, Promise<unknown>>()

const RETRYABLE_PG = new Set(['40001', '40P01']) // serialization failure, deadlock
const MAX_ATTEMPTS = 20

function codeOf(err: unknown): string | undefined {
  let e = err as { code?: unknown; cause?: unknown } | undefined
  for (let i = 0; i < 3 && e; i++) {
    if (typeof e.code === 'string') return e.code
    e = e.cause as typeof e
  }
  return undefined
}

/** A unique or primary-key conflict, in either dialect. */
export function isUniqueViolation(err: unknown) {
  const code = codeOf(err)
  return (
    code === '23505' ||
    code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    code === 'SQLITE_CONSTRAINT_PRIMARYKEY'
  )
}

/**
 * Runs `fn` as one serializable write transaction. On SQLite it holds the process's write turn and
 * `BEGIN IMMEDIATE` (so other processes wait too); on PostgreSQL it runs SERIALIZABLE and is
 * retried from the start when the database reports a conflict, so `fn` must only touch the
 * database (never call a provider or send anything) and may run more than once.
 */
export type TransactionOptions = {
  /**
   * PostgreSQL only. `read committed` is for writes whose every condition is on the rows they
   * lock (fenced and conditional updates, `SKIP LOCKED` claims, inserts guarded by a unique
   * key): PostgreSQL re-checks such a condition on the newest row version after the lock, so
   * the outcome is the same, and concurrent replicas do not abort each other's whole batch.
   */
  isolation?: 'serializable' | 'read committed'
  /**
   * SQLite only. `false`: the commit does not wait for the disk (`synchronous=NORMAL` for this
   * transaction; WAL keeps the database consistent): a power loss may lose it, a process crash
   * may not. For bookkeeping that is already held in memory between batches (bot usage), where
   * an fsync each second was a stall of every request in flight.
   */
  durable?: boolean
}

export async function transaction<T>(
  db: Db,
  fn: (tx: Tx) => Promise<T>,
  opts: TransactionOptions = {},
): Promise<T> {
  const h = handleOf(db)
  if (inTransaction.getStore() === db) {
    throw new Error('transaction() called inside a transaction: pass the open tx down instead')
  }
  if (h.dialect === 'pg') {
    for (let attempt = 1; ; attempt++) {
      try {
        return await inTransaction.run(db, () =>
          (db as PgDatabase).transaction(fn, { isolationLevel: opts.isolation ?? 'serializable' }),
        )
      } catch (err) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE_PG.has(codeOf(err) ?? '')) throw err
        // Full jitter on an exponential cap: a hot row's contenders spread out instead of colliding again.
        await new Promise((r) => setTimeout(r, Math.random() * Math.min(200, 2 ** attempt)))
      }
    }
  }
  const previous = writeQueues.get(h.file) ?? Promise.resolve()
  let release = () => {}
  const turn = new Promise<void>((r) => {
    release = r
  })
  const queued = previous.then(() => turn)
  writeQueues.set(h.file, queued)
  await previous
  const { writer } = h.sqlite
  // Set and reset while this process's write turn is held: no other transaction commits under it.
  const lossy = opts.durable === false
  try {
    if (lossy) writer.pragma('synchronous = NORMAL')
    writer.exec('BEGIN IMMEDIATE')
    try {
      const out = await inTransaction.run(db, () => fn(h.writeDb))
      writer.exec('COMMIT')
      return out
    } catch (err) {
      if (writer.inTransaction) writer.exec('ROLLBACK')
      throw err
    }
  } finally {
    if (lossy) writer.pragma('synchronous = FULL')
    release()
    if (writeQueues.get(h.file) === queued) writeQueues.delete(h.file)
  }
}
