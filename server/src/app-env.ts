import type { Db } from './db/client'
import type { users } from './db/schema'
import type { Config } from './env'
import type { Clock } from './lib/clock'
import type { Keyring } from './lib/crypto/keyring'
import type { Logger } from './lib/logger'

/** Outbound HTTP goes through this so tests and the SSRF guard can swap the transport. */
export type HttpClient = typeof fetch

export type AppDeps = {
  db: Db
  clock: Clock
  config: Config
  logger: Logger
  keyring: Keyring
  http: HttpClient
}

export type SessionUser = typeof users.$inferSelect

export type AppEnv = {
  Variables: {
    auth: { user: SessionUser; sessionIdHash: string; authenticatedAt: number } | null
    requestId: string
  }
}
