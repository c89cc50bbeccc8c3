import type { AppDeps } from '../../app-env'
import { closeDatabase, type Db, pgDb } from '../../db/client'
import { DIALECT } from '../../db/schema'
import { fakeClock } from '../../lib/clock'
import { createHttpClient } from '../../lib/outbound/http-client'
import type { TestApp } from '../../test/test-app'
import { createServices, type ServiceOptions } from '../services'

/**
 * Test support: the long-lived services of another server process on the test app's database,
 * with its own engine (its own lease holder, nothing in flight), its own clock and HTTP client
 * (createTestApp's default timeout) and, on PostgreSQL, its own pool. On SQLite it shares the app's connections: this process's writes
 * take turns per handle, and two handles on one file inside one process would wait on each
 * other's locks; separate SQLite processes are covered by the process tests.
 */
export function secondProcess(t: TestApp, opts: Pick<ServiceOptions, 'refresher' | 'engine'> = {}) {
  const url = t.deps.config.databaseUrl
  const own = DIALECT === 'pg' && url ? pgDb({ url, poolSize: 4 }) : null
  const db: Db = own ?? t.db
  const clock = fakeClock(t.clock())
  const http = createHttpClient({ trusted: t.deps.config.trustedProviders, timeoutMs: 3000 })
  const deps: AppDeps = { ...t.deps, db, clock, http }
  const services = createServices(deps, {
    engine: { baseDelayMs: 20, ...opts.engine },
    refresher: opts.refresher,
    usageFlushMs: 60_000,
  })
  return {
    deps,
    db,
    clock,
    services,
    async close() {
      services.usage.stop()
      if (own) await closeDatabase(own)
    },
  }
}
