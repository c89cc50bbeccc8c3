import type { AppDeps } from '../app-env'
import { alertOnRefresh } from './alerts/refresh-alerts'
import { createWebhookSender } from './alerts/webhook-sender'
import { createUsageRecorder } from './bot-keys/usage-recorder'
import { killAt } from './refresh/fault-points'
import { createRefreshEngine, type RefreshEngineOptions } from './refresh/refresh-engine'
import { createRefresher, type RefresherOptions } from './refresh/refresher'

export type ServiceOptions = {
  engine?: RefreshEngineOptions
  refresher?: RefresherOptions
  usageFlushMs?: number
}

/** The long-lived parts of a server process: refresh engine, refresher, webhook sender, usage batching. */
export function createServices(deps: AppDeps, opts: ServiceOptions = {}) {
  const engine = createRefreshEngine(deps, {
    fault: killAt(deps.config.faultAt),
    leaseMs: deps.config.leaseMs,
    onEvent: (event) => alertOnRefresh(deps.db, event, deps.clock()),
    ...opts.engine,
  })
  const usage = createUsageRecorder(deps.db, opts.usageFlushMs)
  const refresher = createRefresher(deps, engine, {
    concurrency: deps.config.refreshConcurrency,
    giveUpMs: deps.config.refreshGiveUpMs,
    ...opts.refresher,
  })
  const webhooks = createWebhookSender(deps)
  let webhookTimer: NodeJS.Timeout | undefined
  return {
    engine,
    usage,
    refresher,
    webhooks,
    start() {
      if (deps.config.refreshIntervalMs > 0) refresher.start(deps.config.refreshIntervalMs)
      const loop = () => {
        webhooks
          .deliverDue()
          .catch((err) => deps.logger.error({ err }, 'webhook delivery failed'))
          .finally(() => {
            webhookTimer = setTimeout(loop, 2000)
            webhookTimer.unref()
          })
      }
      loop()
    },
    async stop() {
      if (webhookTimer) clearTimeout(webhookTimer)
      await refresher.stop()
      usage.stop()
    },
  }
}

export type Services = ReturnType<typeof createServices>
