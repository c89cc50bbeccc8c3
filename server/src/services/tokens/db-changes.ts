import type { Db } from '../../db/client'

/**
 * Tells whether anything was written to the database since it last asked, for caches of what
 * was read from it. Two counters, read in about 5 µs:
 * - `total_changes()`: rows this connection has inserted, updated or deleted, so the server's
 *   own writes count from the statement that made them, committed or not;
 * - `data_version`: changes whenever another connection (another server process, the key
 *   rotation command) commits.
 * A cache that asks once per request and empties itself on `true` sees every change from the
 * first request after it commits; no TTL is involved.
 */
export function watchChanges(db: Db) {
  // Two statements: the pragma as a table-valued function in one select cost a third more.
  const ownChanges = db.$client.prepare('select total_changes()').pluck()
  const othersCommits = db.$client.prepare('pragma data_version').pluck()
  let changes = -1
  let version = -1
  return function changedSinceLastAsked() {
    const c = ownChanges.get() as number
    const v = othersCommits.get() as number
    if (c === changes && v === version) return false
    changes = c
    version = v
    return true
  }
}
