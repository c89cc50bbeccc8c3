import { closeDatabase } from '../db/client'
import { pendingMigrations } from '../db/migrate'
import { ConfigError, loadConfig } from '../env'
import { openDatabase } from '../lib/boot'
import { KeyError } from '../lib/crypto/master-key'

/**
 * `npm run migrate`: applies pending migrations to the configured database and exits, for
 * deployments that migrate before rolling replicas. Servers also migrate at start, under the
 * same lock, so this is optional.
 */
async function main() {
  const { db } = await openDatabase(loadConfig())
  try {
    const pending = await pendingMigrations(db)
    if (pending > 0) throw new Error(`${pending} migrations still pending after migrating`)
    console.warn('Database schema is current.')
  } finally {
    await closeDatabase(db)
  }
}

main().catch((err) => {
  console.error(err instanceof ConfigError || err instanceof KeyError ? err.message : err)
  process.exit(err instanceof ConfigError || err instanceof KeyError ? 78 : 1)
})
