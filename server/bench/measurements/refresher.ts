import { setMaxListeners } from 'node:events'
import { join } from 'node:path'
import { startEmulator } from '@tokendesk/emulator'
import Database from 'better-sqlite3'
import { eq, sql } from 'drizzle-orm'
import { tokens } from '../../src/db/schema'
import { DB_FILE } from '../../src/lib/boot'
import { ADMIN, type Bench } from '../harness'
import { Api } from '../lib/api'
import { cpuMsOf, sleep } from '../lib/proc'
import { fmt, verdict } from '../lib/report'
import { dueAddonTokens, insertTokens } from '../lib/seed'

type RefresherRound = {
  concurrency: number
  tokens: number
  renewed: number
  exchanges: number
  /** First token request to the last renewal written. */
  ms: number
  /** Server CPU per renewal over the round. */
  cpuMsPerRenewal: number
  /** From the server's spawn, including start-up and the refresher's start-up jitter (<= 2 s). */
  wallMs: number
}

/**
 * #4 on the built server: due add-on tokens inserted while it is stopped, then a start with
 * TOKENDESK_REFRESH_CONCURRENCY=c and the default interval. The first exchange is seen at the
 * emulator (polled every 5 ms, minus its latency), the last renewal in the database.
 */
export async function refresher(bench: Bench) {
  const { cfg } = bench
  const n = cfg.refresherTokens
  const latency = cfg.refresherLatencyMs
  bench.log(`#4 refresher: ${n} due tokens, emulator latency ${latency} ms`)
  const emu4 = await startEmulator({ port: 0, rateLimit: 1_000_000_000 })
  // Each delayed token request listens on the emulator's shutdown signal.
  setMaxListeners(0, emu4.state.shutdown.signal)
  const dir = join(bench.tmp, 'refresher-data')
  const env = { TOKENDESK_DATA_DIR: dir, TOKENDESK_TRUSTED_PROVIDERS: emu4.url }
  try {
    const first = await bench.startServer('refresher-setup', env)
    const api = new Api(first.url)
    await api.login(ADMIN.email, ADMIN.password)
    const g = emu4.createGroup({ name: 'Refresher group' })
    const c = emu4.registerClient({ groupId: g.id, scopes: ['send_notification'] })
    const inst = await api.call<{ id: string; apiUrl: string; ownerId: string }>(
      'POST',
      '/api/installations',
      { oauthId: c.oauthId, oauthSecret: c.oauthSecret, capabilitiesUrl: emu4.capabilitiesUrl },
    )
    await bench.stopServer()
    emu4.setLatency(latency)
    const rounds: RefresherRound[] = []
    for (const concurrency of cfg.refresherConcurrencies) {
      bench.seed(({ db, keyring }) => {
        const now = Date.now()
        if (rounds.length === 0) {
          insertTokens(
            db,
            dueAddonTokens(keyring, {
              ownerId: inst.ownerId,
              installationId: inst.id,
              providerUrl: inst.apiUrl,
              count: n,
              now,
            }),
          )
        } else {
          db.update(tokens)
            .set({ expiresAt: sql`${now} - 1000`, lastRefreshedAt: now - 3_600_000 })
            .where(eq(tokens.installationId, inst.id))
            .run()
        }
      }, dir)
      const before = emu4.counters().byGrant.client_credentials ?? 0
      const exchanged = () => (emu4.counters().byGrant.client_credentials ?? 0) - before
      const roundStart = Date.now()
      const srv = await bench.startServer(`refresher-c${concurrency}`, {
        ...env,
        TOKENDESK_REFRESH_CONCURRENCY: String(concurrency),
      })
      const reader = new Database(join(dir, DB_FILE), { readonly: true, fileMustExist: true })
      const renewed = () =>
        reader
          .prepare(
            'select count(*) as n, max(last_refreshed_at) as last from tokens where installation_id = ? and last_refreshed_at >= ?',
          )
          .get(inst.id, roundStart) as { n: number; last: number | null }
      let t0 = 0
      let cpu0 = 0
      let done = renewed()
      const deadline = Date.now() + (bench.options.quick ? 30_000 : 600_000)
      for (let i = 0; done.n < n && Date.now() < deadline; i++) {
        await sleep(5)
        if (!t0 && exchanged() > 0) {
          t0 = Date.now() - latency
          cpu0 = cpuMsOf(srv.pid)
        }
        if (i % 20 === 0) done = renewed()
      }
      done = renewed()
      const cpu = cpuMsOf(srv.pid) - cpu0
      reader.close()
      await bench.stopServer()
      rounds.push({
        concurrency,
        tokens: n,
        renewed: done.n,
        exchanges: exchanged(),
        ms: (done.last ?? Date.now()) - t0,
        cpuMsPerRenewal: cpu / Math.max(1, done.n),
        wallMs: Date.now() - roundStart,
      })
    }
    bench.raw.refresher = rounds
    for (const r of rounds) {
      const ideal = (r.tokens * latency) / r.concurrency
      bench.figures.push({
        id: '4',
        what: `refresher, concurrency ${r.concurrency}: time to renew ${r.tokens} due tokens`,
        value: fmt.s(r.ms),
        reference: `ideal ${fmt.s(ideal)} (${r.tokens} × ${latency} ms ÷ ${r.concurrency})`,
        ratio: fmt.x(r.ms / ideal),
        target: '<= 1.5× ideal',
        verdict: verdict(r.renewed === r.tokens && r.ms <= 1.5 * ideal),
        note: `${r.renewed}/${r.tokens} renewed with ${r.exchanges} exchanges; server CPU ${fmt.ms(r.cpuMsPerRenewal)} per renewal; ${fmt.s(r.wallMs)} from spawn`,
      })
    }
  } finally {
    await emu4.close()
  }
}
