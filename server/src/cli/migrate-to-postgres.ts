import { resolve } from 'node:path'
import { parseArgs } from 'node:util'
import { closeDatabase, pgPool, sqliteConnections } from '../db/client'
import { CopyError, copySqliteToPg } from '../db/copy-sqlite-to-pg'
import { ConfigError, invocationDir, loadConfigWith } from '../env'
import { openPgDatabase, openSqliteDataDir } from '../lib/boot'
import { KeyError } from '../lib/crypto/master-key'

/**
 * `npm run migrate-to-postgres -- --from ./data --to postgres://…` (server stopped): copies a
 * SQLite install into an empty PostgreSQL database under the same key, then checks every count
 * and that every secret still opens. The key is TOKENDESK_MASTER_KEY, or the key file in --from;
 * the replicas need that same key in TOKENDESK_MASTER_KEY afterwards.
 */
const { values } = parseArgs({
  options: { from: { type: 'string' }, to: { type: 'string' } },
})
const USAGE = 'usage: npm run migrate-to-postgres -- --from <data dir> --to <postgres://…>'

async function main() {
  if (!values.from || !values.to) throw new ConfigError(USAGE)
  // npm runs the script from server/; a relative --from means the caller's directory.
  const from = resolve(invocationDir(), values.from)
  const config = loadConfigWith({
    TOKENDESK_DATA_DIR: from,
    TOKENDESK_DATABASE_URL: undefined,
  })
  const source = openSqliteDataDir(config)
  try {
    const masterKey = source.keyring.exportCurrent()
    const target = await openPgDatabase({
      databaseUrl: values.to,
      databasePoolSize: 2,
      masterKey,
      oldKeys: config.oldKeys,
    })
    try {
      const reader = sqliteConnections(source.db)?.reader
      const pool = pgPool(target.db)
      if (!reader || !pool) throw new Error('unexpected database handles')
      const report = await copySqliteToPg(reader, pool, source.keyring)
      for (const t of report.tables) console.warn(`  ${t.name}: ${t.target} rows`)
      console.warn(
        `Copied ${report.tables.reduce((n, t) => n + t.target, 0)} rows; all ${report.secrets} secrets open with the key from ${source.keySource}.`,
      )
      if (!config.masterKey) {
        console.warn(
          `Give every replica that key: TOKENDESK_MASTER_KEY=<the contents of ${source.keySource}>`,
        )
      }
    } finally {
      await closeDatabase(target.db)
    }
  } finally {
    await closeDatabase(source.db)
  }
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof KeyError || err instanceof CopyError) {
    console.error(err.message)
    process.exit(78)
  }
  console.error(err)
  process.exit(1)
})
