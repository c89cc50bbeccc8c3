import type { Db } from './db/client'
import type { users } from './db/schema'
import type { Config } from './env'
import type { Clock } from './lib/clock'
import type { Keyring } from './lib/crypto/keyring'
import type { Logger } from './lib/logger'
import type { OutboundResponse } from './lib/outbound/guarded-fetch'
import type { Metrics } from './services/metrics/metrics'
import type { VisibleToken } from './services/tokens/token-access'

/** Outbound provider calls: allowlisted, address-checked, pinned, capped (see guarded-fetch). */
export type HttpClient = (
  url: string,
  init: { method?: string; headers?: Record<string, string>; body?: string },
) => Promise<OutboundResponse>

export type AppDeps = {
  db: Db
  clock: Clock
  config: Config
  logger: Logger
  keyring: Keyring
  http: HttpClient
  /** Prometheus counters (refresh outcomes, exchange latency); absent, nothing is counted. */
  metrics?: Metrics
}

export type SessionUser = typeof users.$inferSelect

export type AppEnv = {
  Variables: {
    auth: { user: SessionUser; sessionIdHash: string; authenticatedAt: number } | null
    requestId: string
    /** Set by `loadToken` on `/tokens/:id` routes: the row, loaded once, and the caller's relation. */
    token: VisibleToken | undefined
  }
}
