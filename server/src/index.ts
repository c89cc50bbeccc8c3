import { existsSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { serve } from '@hono/node-server'
import { createApp } from './app'
import { ConfigError, loadConfig } from './env'
import { openDataDir } from './lib/boot'
import { systemClock } from './lib/clock'
import { KeyError } from './lib/crypto/master-key'
import { createLogger } from './lib/logger'
import { createHttpClient } from './lib/outbound/http-client'
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
  const { db, keyring, keySource, tightened } = openDataDir(config)
  if (tightened.length) logger.warn({ tightened }, 'data dir permissions tightened to owner-only')
  const setup = createSetupGate()
  const deps = {
    db,
    keyring,
    clock: systemClock,
    config: { ...config, webDist: config.webDist ?? defaultWebDist() },
    logger,
    http: createHttpClient({ trusted: config.trustedProviders }),
  }
  const services = createServices(deps)
  const app = createApp({ ...deps, setup, services })
  const { setupUrl } = await prepareFirstRun(deps, setup)
  const server = serve({ fetch: app.fetch, port: config.port, hostname: config.host }, (info) => {
    logger.info(
      { port: info.port, host: config.host, keySource, dataDir: config.dataDir },
      'listening',
    )
    console.warn(`Token Desk listening on http://${config.host}:${info.port}`)
    if (setupUrl) console.warn(`First run: open ${setupUrl} to create the first admin`)
  })
  services.start()
  const shutdown = async () => {
    server.close()
    await services.stop()
    db.$client.close()
    process.exit(0)
  }
  process.on('SIGINT', shutdown)
  process.on('SIGTERM', shutdown)
}

main().catch((err) => {
  if (err instanceof ConfigError || err instanceof KeyError) {
    console.error(err.message)
    process.exit(78)
  }
  console.error(err)
  process.exit(1)
})
