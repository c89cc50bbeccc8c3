import type { Backend, Bench } from '../harness'
import { cpuMsOf, sleep } from '../lib/proc'
import { type ProviderFloor, providerFloor } from '../lib/provider-floor'
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
  /** A bare client's exchanges at the same concurrency, measured just before the round. */
  floor: ProviderFloor
}

/** Issue #17's targets for a renewal. */
const TARGET_RATIO = 1.2
const TARGET_CPU_MS = 1

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
      // With no server running: what the emulator and the loopback alone take at this concurrency.
      const workers = concurrency * backend.replicas
      const floor = await providerFloor(emu4, {
        exchanges: Math.min(n, workers * 100),
        concurrency: workers,
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
          floor,
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
      const floorMs = (r.floor.ms * r.tokens) / r.floor.exchanges
      const per = r.replicas > 1 ? ` per replica × ${r.replicas} replicas` : ''
      const divisor = r.replicas > 1 ? `${r.concurrency} × ${r.replicas}` : String(r.concurrency)
      const what = `refresher, concurrency ${r.concurrency}${per}`
      const complete = r.renewed === r.tokens && r.exchanges === r.tokens
      bench.figures.push({
        id: '4',
        db,
        what: `${what}: time to renew ${r.tokens} due tokens`,
        value: fmt.s(r.ms),
        reference: `ideal ${fmt.s(ideal)} (${r.tokens} × ${latency} ms ÷ ${divisor})`,
        ratio: fmt.x(r.ms / ideal),
        target: `<= ${TARGET_RATIO}× ideal`,
        verdict: verdict(complete && r.ms <= TARGET_RATIO * ideal),
        note: `${r.renewed}/${r.tokens} renewed with ${r.exchanges} exchanges; ${fmt.s(r.wallMs)} from spawn`,
      })
      bench.figures.push({
        id: '4',
        db,
        what: `${what}: against a bare client's exchanges (provider floor)`,
        value: fmt.s(r.ms),
        reference: `bare client ${fmt.s(floorMs)} (${fmt.x(floorMs / ideal)} ideal)`,
        ratio: fmt.x(r.ms / floorMs),
        target: '',
        verdict: '',
        note: `the bare client: ${r.floor.exchanges} exchanges at concurrency ${r.floor.concurrency} in ${fmt.s(r.floor.ms)} (scaled to ${r.tokens}), p50 ${fmt.ms(r.floor.p50Ms)} per exchange against ${latency} ms of latency, ${fmt.ms(r.floor.cpuMsPerExchange)} of the bench process's CPU (client and emulator) per exchange`,
      })
      bench.figures.push({
        id: '4',
        db,
        what: `${what}: server CPU per renewal${r.replicas > 1 ? ' (all replicas)' : ''}`,
        value: fmt.ms(r.cpuMsPerRenewal),
        reference: '',
        ratio: '',
        target: `<= ${TARGET_CPU_MS} ms`,
        verdict: verdict(r.cpuMsPerRenewal <= TARGET_CPU_MS),
        note:
          r.dbCpuMsPerRenewal === null
            ? undefined
            : `PostgreSQL CPU ${fmt.ms(r.dbCpuMsPerRenewal)} per renewal`,
      })
    }
  } finally {
    emu4.setLatency(0)
  }
}
