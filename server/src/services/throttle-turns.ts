import type { Db } from '../db/client'

/**
 * Throttle rows are hot: every sign-in from one address counts on the same row. On PostgreSQL,
 * concurrent serializable writers of one row abort and retry, and a burst from one address could
 * use up the retries and answer 500. So callers in one process take turns per key here, and only
 * callers on different replicas still race (the transaction's retries settle those few).
 */
const tails = new WeakMap<Db, Map<string, Promise<void>>>()

/** Runs `fn` once every earlier caller holding any of `keys` on this database has finished. */
export async function inTurn<T>(db: Db, keys: string[], fn: () => Promise<T>): Promise<T> {
  let byKey = tails.get(db)
  if (!byKey) {
    byKey = new Map()
    tails.set(db, byKey)
  }
  const queues = byKey
  const releases: (() => void)[] = []
  try {
    // Always in sorted order, so two callers with overlapping keys cannot wait on each other.
    for (const key of [...new Set(keys)].sort()) {
      const previous = queues.get(key) ?? Promise.resolve()
      let release = () => {}
      const mine = new Promise<void>((r) => {
        release = r
      })
      const tail = previous.then(() => mine)
      queues.set(key, tail)
      releases.push(() => {
        release()
        if (queues.get(key) === tail) queues.delete(key)
      })
      await previous
    }
    return await fn()
  } finally {
    for (const release of releases.reverse()) release()
  }
}

const SWEEP_EVERY_MS = 60_000
const lastSweeps = new WeakMap<Db, Map<string, number>>()

/**
 * Whether this process should sweep expired throttle rows of `name` now: at most once a minute.
 * A sweep reads a whole key range, which under PostgreSQL's serializable isolation conflicts with
 * every concurrent counter in it, so it runs rarely and in its own transaction.
 */
export function sweepDue(db: Db, name: string, now: number) {
  let byName = lastSweeps.get(db)
  if (!byName) {
    byName = new Map()
    lastSweeps.set(db, byName)
  }
  const last = byName.get(name)
  if (last !== undefined && now >= last && now - last < SWEEP_EVERY_MS) return false
  byName.set(name, now)
  return true
}
