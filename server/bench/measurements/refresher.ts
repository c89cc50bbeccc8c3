import { setMaxListeners } from 'node:events'
import { startEmulator } from '@tokendesk/emulator'
import { ADMIN, type Backend, type Bench } from '../harness'
import { Api } from '../lib/api'
import { cpuMsOf, sleep } from '../lib/proc'
import { fmt, verdict } from '../lib/report'
import { dueAddonTokens } from '../lib/seed'

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
  /** From the server's spawn, including start-up and the refresher's start-up jitter (<= 2 s). */
  wallMs: number
}

/**
 * #4 on the built server: due add-on tokens inserted while it is stopped, then a start with
 * TOKENDESK_REFRESH_CONCURRENCY=c and the default interval. The first exchange is seen at the
 * emulator (polled every 5 ms from the spawn, minus its latency), the last renewal in the
 * database (polled every 100 ms). With
 * replicas, all of them start together on the one database and split the due tokens; each must
 * be exchanged exactly once.
 */
export async function refresher(bench: Bench, backend: Backend) {
  const { cfg } = bench
  const db = backend.label
  const n = cfg.refresherTokens
  const latency = cfg.refresherLatencyMs
  bench.log(`#4 refresher: ${n} due tokens, emulator latency ${latency} ms (${db})`)
  const emu4 = await startEmulator({ port: 0, rateLimit: 1_000_000_000 })
  // Each delayed token request listens on the emulator's shutdown signal.
  setMaxListeners(0, emu4.state.shutdown.signal)
  const env = { TOKENDESK_TRUSTED_PROVIDERS: emu4.url }
  try {
    const first = await bench.startServer('refresher-setup', backend, env)
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
          ...env,
          TOKENDESK_REFRESH_CONCURRENCY: String(concurrency),
        })
        .catch((err) => {
          clearInterval(watch)
          throw err
        })
      // Each replica's CPU from when it was healthy (its refresher starts then) to the end.
      const cpu = () => servers.reduce((sum, s) => sum + cpuMsOf(s.pid) - s.startCpuMs, 0)
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
        rounds.push({
          concurrency,
          replicas: servers.length,
          tokens: n,
          renewed: done.n,
          exchanges: exchanged(),
          ms: (done.last ?? Date.now()) - t0,
          cpuMsPerRenewal: cpuMs / Math.max(1, done.n),
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
        note: `${r.renewed}/${r.tokens} renewed with ${r.exchanges} exchanges; server CPU ${fmt.ms(r.cpuMsPerRenewal)} per renewal${r.replicas > 1 ? ' (all replicas)' : ''}; ${fmt.s(r.wallMs)} from spawn`,
      })
    }
  } finally {
    await emu4.close()
  }
}
