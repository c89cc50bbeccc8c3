import { type Db, sqliteConnections } from '../../db/client'

/**
 * Whether caches of what was read from the database may be kept at all. On SQLite `watchChanges`
 * sees every commit, so a cache emptied on its word is never stale. On PostgreSQL there is no
 * cheap counter that sees other replicas' commits (LISTEN/NOTIFY would need its own connection
 * and could still miss a commit while reconnecting), so caches there keep nothing: every read
 * goes to the database, and nothing stale is ever served whichever replica wrote.
 */
export function readCachesAllowed(db: Db) {
  return sqliteConnections(db) !== null
}

/**
 * Tells whether anything was written to the database since it last asked, for caches of what
 * was read from it. On SQLite every write goes through the writer connection, and the reader's
 * `pragma data_version` (about 2 µs) changes whenever any other connection commits: ours, another
 * server process's, the key rotation command's. A transaction still open is not seen until it
 * commits, and neither are its rows, since the reader reads committed data only. A cache that
 * asks once per request and empties itself on `true` sees every change from the first request
 * after it commits; no TTL is involved.
 *
 * On PostgreSQL it always answers `true` (see `readCachesAllowed`): callers must also not store
 * what they read there, since a request's read may finish after another request asked.
 */
export function watchChanges(db: Db): () => boolean {
  const sqlite = sqliteConnections(db)
  if (!sqlite) return () => true
  const commits = sqlite.reader.prepare('pragma data_version').pluck()
  let version = -1
  return function changedSinceLastAsked() {
    const v = commits.get() as number
    if (v === version) return false
    version = v
    return true
  }
}
