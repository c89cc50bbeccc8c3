import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client'
import type { Db } from '../../db/client'
import type { Clock } from '../../lib/clock'
import type { Logger } from '../../lib/logger'
import {
  circuitStates,
  refreshDueBacklog,
  revocationQueueDepth,
  webhookQueueDepth,
} from './queue-gauges'

export type MetricsDeps = {
  db: Db
  clock: Clock
  logger: Logger
  config: { refreshGiveUpMs: number }
}

/** The provider label: the origin of a provider or token URL, so one provider is one series. */
export function providerLabel(url: string) {
  try {
    return new URL(url).origin
  } catch {
    return 'unknown'
  }
}

/**
 * The process's Prometheus metrics, in a registry of its own (not prom-client's global one), so
 * several apps in one test process keep separate counts. Counters are bumped where things
 * happen; the queue gauges are read from the database at scrape time, so every replica reports
 * the shared backlog, not its own share.
 */
export function createMetrics(deps: MetricsDeps, opts: { processMetrics?: boolean } = {}) {
  const registry = new Registry()
  if (opts.processMetrics) collectDefaultMetrics({ register: registry })

  const refreshTotal = new Counter({
    name: 'tokendesk_refresh_total',
    help: 'Refresh attempts by outcome, token kind and provider origin',
    labelNames: ['outcome', 'kind', 'provider'] as const,
    registers: [registry],
  })
  const exchange = new Histogram({
    name: 'tokendesk_exchange_seconds',
    help: 'Time of one token-endpoint call to a provider, by provider origin',
    labelNames: ['provider'] as const,
    buckets: [0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [registry],
  })
  // Counted in a plain map and handed to prom-client at scrape: on the bot path a labelled
  // `inc` (hashing its labels) cost 0.25-0.5 µs a request, the map a few nanoseconds.
  const botByStatus = new Map<number, number>()
  new Counter({
    name: 'tokendesk_bot_requests_total',
    help: 'Bot API requests by response status',
    labelNames: ['status'] as const,
    registers: [registry],
    collect() {
      this.reset()
      for (const [status, n] of botByStatus) this.inc({ status: String(status) }, n)
    },
  })

  /**
   * A gauge read at scrape time. A failed read reports NaN (or no series, for a labelled gauge)
   * rather than a stale or zero value that would read as "all clear".
   */
  const scraped = <L extends string>(
    name: string,
    help: string,
    read: (g: Gauge<L>) => Promise<void>,
    labelNames: readonly L[] = [],
  ) =>
    new Gauge<L>({
      name,
      help,
      labelNames,
      registers: [registry],
      async collect() {
        this.reset()
        try {
          await read(this)
        } catch (err) {
          deps.logger.warn({ err, metric: name }, 'metric could not be read from the database')
          if (labelNames.length === 0) this.set(Number.NaN)
        }
      },
    })

  scraped(
    'tokendesk_refresh_due_backlog',
    'Tokens due for renewal that the refresher has not renewed yet',
    async (g) => g.set(await refreshDueBacklog(deps.db, deps.clock(), deps.config.refreshGiveUpMs)),
  )
  scraped('tokendesk_webhook_queue_depth', 'Webhook deliveries waiting to be sent', async (g) =>
    g.set(await webhookQueueDepth(deps.db)),
  )
  scraped(
    'tokendesk_revocation_queue_depth',
    'Provider revocations waiting to be retried',
    async (g) => g.set(await revocationQueueDepth(deps.db)),
  )
  scraped(
    'tokendesk_provider_circuit_open',
    '1 while the circuit of a provider origin is open or half-open (callers are turned away)',
    async (g) => {
      for (const c of await circuitStates(deps.db)) g.set({ origin: c.origin }, c.open ? 1 : 0)
    },
    ['origin'] as const,
  )

  return {
    registry,
    /** One finished refresh: `outcome` is the engine's outcome kind (or `error` when it threw). */
    refreshOutcome(outcome: string, token: { kind: string; providerUrl: string }) {
      refreshTotal.inc({ outcome, kind: token.kind, provider: providerLabel(token.providerUrl) })
    },
    exchangeSeconds(origin: string, seconds: number) {
      exchange.observe({ provider: origin }, seconds)
    },
    botRequest(status: number) {
      botByStatus.set(status, (botByStatus.get(status) ?? 0) + 1)
    },
    /** The text exposition of every metric, with its content type. */
    async render() {
      return { body: await registry.metrics(), contentType: registry.contentType }
    },
  }
}

export type Metrics = ReturnType<typeof createMetrics>

/** Times one token-endpoint call into `tokendesk_exchange_seconds`, whatever it returns. */
export async function timeExchange<T>(
  metrics: Metrics | undefined,
  origin: string,
  call: () => Promise<T>,
): Promise<T> {
  if (!metrics) return call()
  const started = performance.now()
  try {
    return await call()
  } finally {
    metrics.exchangeSeconds(origin, (performance.now() - started) / 1000)
  }
}

/**
 * Counts the outcome of one refresh job into `tokendesk_refresh_total` (`error` when it throws);
 * a `null` outcome (another worker holds the token) is no refresh and is not counted.
 */
export function countRefresh<T extends { kind: string } | null>(
  metrics: Metrics | undefined,
  token: { kind: string; providerUrl: string },
  job: Promise<T>,
): Promise<T> {
  if (!metrics) return job
  return job.then(
    (outcome) => {
      if (outcome) metrics.refreshOutcome(outcome.kind, token)
      return outcome
    },
    (err) => {
      metrics.refreshOutcome('error', token)
      throw err
    },
  )
}
