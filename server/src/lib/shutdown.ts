import { eq } from 'drizzle-orm'
import { closeDatabase, type Db } from '../db/client'
import { tokens } from '../db/schema'
import { transaction } from '../db/transaction'
import type { HealthState } from '../services/metrics/readiness'
import type { Logger } from './logger'
import type { Drainable } from './shutdown-server'

export type ShutdownDeps = {
  http: Drainable
  health: HealthState
  services: {
    stop(): Promise<void>
    usage: { flush(): unknown }
    engine: {
      holder: string
      /**
       * Resolves once every refresh the engine started has finished. A bot's request can end
       * (its client hung up) while the exchange it started goes on; its lease must not be
       * released under it.
       */
      settle?(): Promise<unknown>
    }
  }
  db: Db
  logger: Logger
  /** The whole sequence must end within this; past it the process exits 1. */
  timeoutMs: number
  exit: (code: number) => void
}

/** Refresh leases this process still holds once its work is done (a failed write can leave one). */
export async function releaseLeases(db: Db, holder: string) {
  const released = await transaction(db, (tx) =>
    tx
      .update(tokens)
      .set({ leaseOwner: null, leaseUntil: null })
      .where(eq(tokens.leaseOwner, holder))
      .returning({ id: tokens.id }),
  )
  return released.length
}

/**
 * The graceful shutdown of a server process, run once on the first SIGTERM/SIGINT: readiness
 * turns 503, the listener stops accepting, requests and refresh exchanges in flight finish, the
 * last bot usage is written, leases are handed back, the database closes, and the process exits
 * 0. If that takes longer than `timeoutMs` it exits 1 instead, leaving any lease in place: an
 * exchange may still be talking to the provider, and the lease is what stops another replica
 * from spending the same refresh token before it expires.
 */
export function createShutdown(deps: ShutdownDeps) {
  const { logger } = deps
  let running: Promise<void> | null = null

  async function sequence() {
    deps.health.shuttingDown = true
    const drained = deps.http.drain()
    logger.info({ inFlight: deps.http.inFlight() }, 'shutting down: no longer accepting requests')
    // The refresher and webhook sender stop (waiting for their work in flight) while requests
    // finish; bot usage recorded by those last requests is flushed once they are all done.
    await Promise.all([drained, deps.services.stop()])
    await deps.services.engine.settle?.()
    await deps.services.usage.flush()
    const released = await releaseLeases(deps.db, deps.services.engine.holder)
    if (released) logger.info({ released }, 'released refresh leases')
    await closeDatabase(deps.db)
  }

  /**
   * Starts the shutdown; later calls (a second signal, as `npm start` forwards Ctrl-C to the
   * process group it is in) join the one under way instead of cutting it short.
   */
  return function shutdown(signal: string) {
    if (running) return running
    logger.info({ signal }, 'shutdown requested')
    const timer = setTimeout(() => {
      logger.error({ timeoutMs: deps.timeoutMs }, 'shutdown took too long; exiting')
      deps.exit(1)
    }, deps.timeoutMs)
    running = sequence().then(
      () => {
        clearTimeout(timer)
        logger.info('shutdown complete')
        deps.exit(0)
      },
      (err) => {
        clearTimeout(timer)
        logger.error({ err }, 'shutdown failed')
        deps.exit(1)
      },
    )
    return running
  }
}
