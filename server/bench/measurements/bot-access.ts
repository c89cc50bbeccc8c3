import { type Backend, type Bench, botPath } from '../harness'
import type { Child } from '../lib/proc'
import { fmt, verdict } from '../lib/report'
import type { BotFixture } from '../setup'

/**
 * #1: the bot access path under load, against the bare route. With replicas, the connections
 * are spread over them (one load generator each, at once) and compared with the one bare route
 * at the same total.
 */
export async function botAccess(
  bench: Bench,
  servers: Child[],
  fixture: BotFixture,
  backend: Backend,
) {
  const { cfg } = bench
  const db = backend.label
  bench.log(`#1 bot access path vs bare route (${db})`)
  const r = await bench.versusBare({
    servers,
    backend,
    path: botPath(fixture.tokenA),
    headers: fixture.auth,
    connections: cfg.botConnections,
    sec: cfg.botSec,
    rounds: cfg.rounds,
    cpu: true,
  })
  bench.keep('botAccess', db, r)
  const ratio = r.server.rps / r.bare.rps
  const note = r.server.anomalies ? `non-200 answers: ${r.server.anomalies}` : undefined
  const over =
    servers.length > 1 ? ` over ${servers.length} replicas (${r.spread.join(' + ')})` : ''
  const worst = servers.length > 1 ? ' (worst replica)' : ''
  bench.figures.push(
    {
      id: '1',
      db,
      what: `bot access, ${cfg.botConnections} connections${over}: throughput`,
      value: fmt.rps(r.server.rps),
      reference: `bare route ${fmt.rps(r.bare.rps)}`,
      ratio: fmt.pct(ratio),
      target: '>= 35%',
      verdict: verdict(ratio >= 0.35 && !note),
      note: `server CPU ${fmt.cpu(r.server.cpuMsPerRequest)} per request (target <= 0.07 ms)${servers.length > 1 ? ', all replicas' : ''}${dbCpu(r.server.dbCpuMsPerRequest)}${note ? `; ${note}` : ''}`,
    },
    {
      id: '1',
      db,
      what: `bot access: p50${worst}`,
      value: fmt.ms(r.server.p50),
      reference: `bare route ${fmt.ms(r.bare.p50)}`,
      ratio: fmt.x(r.server.p50 / r.bare.p50),
      verdict: '',
    },
    {
      id: '1',
      db,
      what: `bot access: p99${worst}`,
      value: fmt.ms(r.server.p99),
      reference: `bare route ${fmt.ms(r.bare.p99)}`,
      ratio: fmt.x(r.server.p99 / r.bare.p99),
      target: '< 5 ms',
      verdict: verdict(r.server.p99 < 5),
    },
  )
}

/** PostgreSQL's own CPU, for the notes: on one machine it shares the cores with the server. */
export const dbCpu = (ms: number | null) =>
  ms === null ? '' : `; PostgreSQL CPU ${fmt.cpu(ms)} per request`

/** #1 again on a server started with LOG_LEVEL=warn (request logging off the hot path). */
export async function botAccessLogWarn(bench: Bench, server: Child, fixture: BotFixture) {
  const { cfg } = bench
  bench.log('#1 again with LOG_LEVEL=warn')
  const r = await bench.versusBare({
    servers: [server],
    backend: bench.sqlite,
    path: botPath(fixture.tokenA),
    headers: fixture.auth,
    connections: cfg.botConnections,
    sec: cfg.botSec,
    rounds: cfg.warnRounds,
    cpu: true,
  })
  bench.keep('botAccessLogWarn', 'SQLite', r)
  bench.figures.push({
    id: '1',
    db: 'SQLite',
    what: 'bot access with LOG_LEVEL=warn: throughput / p50 / p99',
    value: `${fmt.rps(r.server.rps)} / ${fmt.ms(r.server.p50)} / ${fmt.ms(r.server.p99)}`,
    reference: `bare route ${fmt.rps(r.bare.rps)}`,
    ratio: fmt.pct(r.server.rps / r.bare.rps),
    verdict: '',
    note: `server CPU ${fmt.cpu(r.server.cpuMsPerRequest)} per request${r.server.anomalies ? `; non-200 answers: ${r.server.anomalies}` : ''}`,
  })
}
