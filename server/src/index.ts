import { existsSync } from 'node:fs'
import type { Server } from 'node:http'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { createApp } from './app'
import { ConfigError, loadConfig } from './env'
import { openDatabase } from './lib/boot'
import { systemClock } from './lib/clock'
import { KeyError } from './lib/crypto/master-key'
import { createLogger } from './lib/logger'
import { createHttpClient } from './lib/outbound/http-client'
import { createShutdown } from './lib/shutdown'
import { drainable } from './lib/shutdown-server'
import { createMetrics } from './services/metrics/metrics'
import { createHealthState } from './services/metrics/readiness'
import { createServices } from './services/services'
import { createSetupGate, prepareFirstRun } from './services/setup'

function defaultWebDist() {
  const here = dirname(fileURLToPath(import.meta.url))
  for (const candidate of [join(here, '../../web/dist'), join(here, '../web/dist')]) {
    if (existsSync(join(candidate, 'index.html'))) return candidate
  }
  return undefined
}

async function main() {
  const config = loadConfig()
  const logger = createLogger(config.logLevel)
  // Opening verifies the key against the stored canary and refuses to start on a mismatch.
  const { db, keyring, keySource, tightened } = await openDatabase(config)
  const health = createHealthState({ keyVerified: true })
  if (tightened.length) logger.warn({ tightened }, 'data dir permissions tightened to owner-only')
  const setup = createSetupGate()
  const deps = {
    db,
    keyring,
    clock: systemClock,
    config: { ...config, webDist: config.webDist ?? defaultWebDist() },
    logger,
    http: createHttpClient({ trusted: config.trustedProviders }),
    metrics: createMetrics({ db, clock: systemClock, logger, config }, { processMetrics: true }),
  }
  const services = createServices(deps)
  const app = createApp({ ...deps, setup, services, health })
  const { setupUrl } = await prepareFirstRun(deps, setup)
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info(
      { port: info.port, host: config.host, keySource, dataDir: config.dataDir },
      'listening',
    )
    console.warn(`Token Desk listening on http://${config.host}:${info.port}`)
    if (setupUrl) console.warn(`First run: open ${setupUrl} to create the first admin`)
  })
  const http = drainable(server as Server)
  services.start()
  const shutdown = createShutdown({
    http,
    health,
    services,
    db,
    logger,
    timeoutMs: config.shutdownMs,
    exit: (code) => process.exit(code),
  })
  process.on('SIGINT', () => shutdown('SIGINT'))
  process.on('SIGTERM', () => shutdown('SIGTERM'))
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof KeyError) {
    console.error(err.message)
    process.exit(78)
  }
  console.error(err)
  process.exit(1)
})
