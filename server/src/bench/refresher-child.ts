/**
 * Benchmark #4, run as its own process by main.ts (`node --import tsx`): the server's services
 * wired exactly as src/index.ts wires them (real clock, production config, the same logger),
 * with the refresher's concurrency set per round. The emulator runs in the parent, so its work
 * does not share this event loop. One JSON result is written to the file named in the input.
 */
import { writeFileSync } from 'node:fs'
import { and, eq, gte, sql } from 'drizzle-orm'
import type { AppDeps, HttpClient } from '../app-env'
import { tokens } from '../db/schema'
import { loadConfig } from '../env'
import { openDataDir } from '../lib/boot'
import { systemClock } from '../lib/clock'
import { createLogger } from '../lib/logger'
import { createHttpClient } from '../lib/outbound/http-client'
import { upsertInstallation } from '../services/installations/installation-store'
import { verifyInstall } from '../services/installations/verify-install'
import { createServices } from '../services/services'
import { createUser } from '../services/users'
import { dueAddonTokens, insertTokens } from './lib/seed'

export type RefresherInput = {
  dataDir: string
  emulatorOrigin: string
  capabilitiesUrl: string
  oauthId: string
  oauthSecret: string
  count: number
  concurrencies: number[]
  /** 'loop': services.start() as the server runs it; 'drain': tick() back to back. */
  mode: 'loop' | 'drain'
  resultFile: string
  timeoutMs: number
}

export type RefresherRound = {
  concurrency: number
  mode: 'loop' | 'drain'
  tokens: number
  renewed: number
  failed: number
  exchanges: number
  /** First outbound token request to the last renewal written. */
  ms: number
  /** Including the refresher's start-up jitter (loop mode). */
  wallMs: number
  /** Ticks run (drain mode; the service loop's are not observable from outside). */
  ticks: number | null
}

const input = JSON.parse(process.argv[2] ?? '{}') as RefresherInput

async function main() {
  const config = loadConfig({
    NODE_ENV: 'production',
    TOKENDESK_DATA_DIR: input.dataDir,
    TOKENDESK_TRUSTED_PROVIDERS: input.emulatorOrigin,
    LOG_LEVEL: process.env.LOG_LEVEL ?? 'info',
  })
  const { db, keyring } = openDataDir(config)
  const inner = createHttpClient({ trusted: config.trustedProviders })
  const calls = { n: 0, first: 0 }
  const http: HttpClient = (url, init) => {
    if (calls.n++ === 0) calls.first = Date.now()
    return inner(url, init)
  }
  const deps: AppDeps = {
    db,
    keyring,
    clock: systemClock,
    config,
    logger: createLogger(config.logLevel),
    http,
  }
  const owner = await createUser(db, Date.now(), {
    email: 'refresher@bench.local',
    name: 'Refresher bench',
    password: 'bench password 123',
    role: 'owner',
  })
  const install = { ...input, roomId: null, scopes: [] as string[] }
  const { caps, proof } = await verifyInstall(deps, install)
  const installationId = upsertInstallation(deps, {
    ...install,
    ownerId: owner.id,
    addonId: null,
    caps,
    proof,
    groupId: null,
    source: 'manual',
  })
  insertTokens(
    db,
    dueAddonTokens(keyring, {
      ownerId: owner.id,
      installationId,
      providerUrl: caps.apiUrl,
      count: input.count,
      now: Date.now(),
    }),
  )
  const mine = eq(tokens.installationId, installationId)

  const rounds: RefresherRound[] = []
  for (const concurrency of input.concurrencies) {
    // Every token due again: expired a second ago, last renewed an hour ago.
    const now = Date.now()
    db.update(tokens)
      .set({ expiresAt: sql`${now} - 1000`, lastRefreshedAt: now - 3_600_000, failCount: 0 })
      .where(mine)
      .run()
    const roundStart = Date.now()
    calls.n = 0
    calls.first = 0
    const services = createServices(deps, { refresher: { concurrency } })
    const counts = () =>
      db
        .select({
          n: sql<number>`count(*)`,
          last: sql<number | null>`max(${tokens.lastRefreshedAt})`,
        })
        .from(tokens)
        .where(and(mine, gte(tokens.lastRefreshedAt, roundStart)))
        .get() ?? { n: 0, last: null }
    let ticks = 0
    const deadline = roundStart + input.timeoutMs
    if (input.mode === 'loop') {
      services.start()
      while (counts().n < input.count && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 50))
    } else {
      for (;;) {
        ticks++
        const result = await services.refresher.tick()
        if (result.due === 0 || Date.now() > deadline) break
      }
    }
    await services.stop()
    const done = counts()
    const failed =
      db
        .select({ n: sql<number>`count(*)` })
        .from(tokens)
        .where(and(mine, sql`${tokens.failCount} > 0`))
        .get()?.n ?? 0
    rounds.push({
      concurrency,
      mode: input.mode,
      tokens: input.count,
      renewed: done.n,
      failed,
      exchanges: calls.n,
      ms: (done.last ?? Date.now()) - calls.first,
      wallMs: Date.now() - roundStart,
      ticks: input.mode === 'drain' ? ticks : null,
    })
  }
  writeFileSync(input.resultFile, JSON.stringify({ rounds }))
  db.$client.close()
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err)
    process.exit(1)
  },
)
