import type { Backend, Bench } from '../harness'
import { cpuMsOf, sleep } from '../lib/proc'
import { fmt, verdict } from '../lib/report'
import { dueAddonTokens } from '../lib/seed'
import type { BotFixture } from '../setup'

type RefresherRound = {
  concurrency: number
  replicas: number
  tokens: number
  renewed: number
  exchanges: number
  /** First token request to the last renewal written. */
  ms: number
  /** Server CPU per renewal over the round (all replicas). */
  cpuMsPerRenewal: number
  /** PostgreSQL's CPU per renewal, when the bench runs the cluster. */
  dbCpuMsPerRenewal: number | null
  /** From the server's spawn, including start-up and the refresher's start-up jitter (<= 2 s). */
  wallMs: number
}

/**
 * #4 on the built server, on the phase's own data dir or database, after the other measurements:
 * due add-on tokens of the set-up's refresher installation inserted while the server is stopped,
 * then a start with TOKENDESK_REFRESH_CONCURRENCY=c and the default interval. The installation is
 * at the second emulator, which adds its latency to each token request during #4 only. The first
 * exchange is seen at that emulator (polled every 5 ms from the spawn, minus its latency), the
 * last renewal in the database (polled every 100 ms). With replicas, all of them start together
 * on the one database and split the due tokens; each must be exchanged exactly once.
 */
export async function refresher(
  bench: Bench,
  backend: Backend,
  inst: BotFixture['refresherInstallation'],
) {
  const { cfg } = bench
  const db = backend.label
  const n = cfg.refresherTokens
  const latency = cfg.refresherLatencyMs
  bench.log(`#4 refresher: ${n} due tokens, emulator latency ${latency} ms (${db})`)
  const emu4 = bench.refresherEmulator
  emu4.setLatency(latency)
  try {
    const rounds: RefresherRound[] = []
    for (const concurrency of cfg.refresherConcurrencies) {
      await bench.seed(backend, async (s) => {
        const now = Date.now()
        if (rounds.length === 0)
          await s.insertTokens(
            dueAddonTokens(s.keyring, {
              ownerId: inst.ownerId,
              installationId: inst.id,
              providerUrl: inst.apiUrl,
              count: n,
              now,
            }),
          )
        else await s.makeDueAgain(inst.id, now)
      })
      const before = emu4.counters().byGrant.client_credentials ?? 0
      const exchanged = () => (emu4.counters().byGrant.client_credentials ?? 0) - before
      const roundStart = Date.now()
      // Watched from the spawn on: replicas start one after another, and the first one up
      // starts exchanging while the others are still starting.
      let t0 = 0
      const watch = setInterval(() => {
        if (!t0 && exchanged() > 0) t0 = Date.now() - latency
      }, 5)
      const servers = await bench
        .startReplicas(`refresher-c${concurrency}`, backend, {
          TOKENDESK_REFRESH_CONCURRENCY: String(concurrency),
        })
        .catch((err) => {
          clearInterval(watch)
          throw err
        })
      // Each replica's CPU from when it was healthy (its refresher starts then) to the end.
      const cpu = () => servers.reduce((sum, s) => sum + cpuMsOf(s.pid) - s.startCpuMs, 0)
      const dbCpu = () => (backend.kind === 'pg' ? (bench.postgres?.cpuMs() ?? null) : null)
      const db0 = dbCpu()
      const store = backend.openStore()
      try {
        const renewed = () => store.renewedSince(inst.id, roundStart)
        let done = await renewed()
        const deadline = Date.now() + (bench.options.quick ? 15_000 : 600_000)
        while (done.n < n && Date.now() < deadline) {
          await sleep(100)
          done = await renewed()
        }
        const cpuMs = cpu()
        const db1 = dbCpu()
        rounds.push({
          concurrency,
          replicas: servers.length,
          tokens: n,
          renewed: done.n,
          exchanges: exchanged(),
          ms: (done.last ?? Date.now()) - t0,
          cpuMsPerRenewal: cpuMs / Math.max(1, done.n),
          dbCpuMsPerRenewal:
            db0 === null || db1 === null ? null : (db1 - db0) / Math.max(1, done.n),
          wallMs: Date.now() - roundStart,
        })
      } finally {
        clearInterval(watch)
        await store.close()
        await bench.stopServer()
      }
    }
    bench.keep('refresher', db, rounds)
    for (const r of rounds) {
      const workers = r.concurrency * r.replicas
      const ideal = (r.tokens * latency) / workers
      const per = r.replicas > 1 ? ` per replica × ${r.replicas} replicas` : ''
      const divisor = r.replicas > 1 ? `${r.concurrency} × ${r.replicas}` : String(r.concurrency)
      bench.figures.push({
        id: '4',
        db,
        what: `refresher, concurrency ${r.concurrency}${per}: time to renew ${r.tokens} due tokens`,
        value: fmt.s(r.ms),
        reference: `ideal ${fmt.s(ideal)} (${r.tokens} × ${latency} ms ÷ ${divisor})`,
        ratio: fmt.x(r.ms / ideal),
        target: '<= 1.5× ideal',
        verdict: verdict(r.renewed === r.tokens && r.exchanges === r.tokens && r.ms <= 1.5 * ideal),
        note: `${r.renewed}/${r.tokens} renewed with ${r.exchanges} exchanges; server CPU ${fmt.ms(r.cpuMsPerRenewal)} per renewal${r.replicas > 1 ? ' (all replicas)' : ''}${r.dbCpuMsPerRenewal === null ? '' : `; PostgreSQL CPU ${fmt.ms(r.dbCpuMsPerRenewal)} per renewal`}; ${fmt.s(r.wallMs)} from spawn`,
      })
    }
  } finally {
    emu4.setLatency(0)
  }
}
