import type { AppDeps } from '../app-env'
import { setAlertEmailing } from './alerts/email-queue'
import { createEmailSender } from './alerts/email-sender'
import { alertOnRefresh } from './alerts/refresh-alerts'
import { createWebhookSender } from './alerts/webhook-sender'
import { type BotAccessOptions, createBotAccess } from './bot-keys/bot-access'
import { createUsageRecorder } from './bot-keys/usage-recorder'
import { type CircuitOptions, createCircuitBreaker } from './providers/circuit-breaker'
import { killAt } from './refresh/fault-points'
import { createRefreshEngine, type RefreshEngineOptions } from './refresh/refresh-engine'
import { createRefresher, type RefresherOptions } from './refresh/refresher'

export type ServiceOptions = {
  engine?: RefreshEngineOptions
  breaker?: CircuitOptions
  refresher?: RefresherOptions
  usageFlushMs?: number
  botAccess?: BotAccessOptions
}

/** The long-lived parts of a server process: refresh engine, refresher, webhook sender, usage batching. */
export function createServices(deps: AppDeps, opts: ServiceOptions = {}) {
  // One circuit per provider origin, kept in the database so every process sees it.
  const breaker = createCircuitBreaker(deps, opts.breaker)
  const engine = createRefreshEngine(deps, {
    breaker,
    fault: killAt(deps.config.faultAt),
    leaseMs: deps.config.leaseMs,
    onEvent: (event) => alertOnRefresh(deps.db, event, deps.clock()),
    ...opts.engine,
  })
  const usage = createUsageRecorder(deps.db, opts.usageFlushMs, (err) =>
    deps.logger.warn({ err }, 'bot usage flush failed'),
  )
  // The bot API's lookups (prepared once) and rate limits, for every app built on these services.
  const botAccess = createBotAccess(deps, engine, usage, opts.botAccess)
  const refresher = createRefresher(deps, engine, {
    concurrency: deps.config.refreshConcurrency,
    giveUpMs: deps.config.refreshGiveUpMs,
    ...opts.refresher,
  })
  const webhooks = createWebhookSender(deps)
  // Off without TOKENDESK_SMTP_URL: then no alert queues an email either.
  const email = deps.config.smtp ? createEmailSender(deps, deps.config.smtp) : null
  setAlertEmailing(email !== null)
  return {
    breaker,
    engine,
    usage,
    botAccess,
    refresher,
    webhooks,
    email,
    start() {
      if (deps.config.refreshIntervalMs > 0) refresher.start(deps.config.refreshIntervalMs)
      // Ticks on its own clock: a receiver that never answers holds up no one else's alerts.
      webhooks.start(1000)
      email?.start(5000)
    },
    async stop() {
      await refresher.stop()
      await webhooks.stop()
      await email?.stop()
      await usage.stop()
    },
  }
}

export type Services = ReturnType<typeof createServices>
