import { type Bench, botUrl } from '../harness'
import type { Child } from '../lib/proc'
import { fmt, verdict } from '../lib/report'
import type { BotFixture } from '../setup'

/** #1: the bot access path under load, against the bare route. */
export async function botAccess(bench: Bench, server: Child, fixture: BotFixture) {
  const { cfg } = bench
  bench.log('#1 bot access path vs bare route')
  const r = await bench.versusBare({
    url: botUrl(server.url, fixture.tokenA),
    headers: fixture.auth,
    connections: cfg.botConnections,
    sec: cfg.botSec,
    rounds: cfg.rounds,
    pid: server.pid,
  })
  bench.raw.botAccess = r
  const ratio = r.server.rps / r.bare.rps
  const note = r.server.anomalies ? `non-200 answers: ${r.server.anomalies}` : undefined
  bench.figures.push(
    {
      id: '1',
      what: `bot access, ${cfg.botConnections} connections: throughput`,
      value: fmt.rps(r.server.rps),
      reference: `bare route ${fmt.rps(r.bare.rps)}`,
      ratio: fmt.pct(ratio),
      target: '>= 35%',
      verdict: verdict(ratio >= 0.35 && !note),
      note: `server CPU ${fmt.cpu(r.server.cpuMsPerRequest)} per request (target <= 0.07 ms)${note ? `; ${note}` : ''}`,
    },
    {
      id: '1',
      what: 'bot access: p50',
      value: fmt.ms(r.server.p50),
      reference: `bare route ${fmt.ms(r.bare.p50)}`,
      ratio: fmt.x(r.server.p50 / r.bare.p50),
      verdict: '',
    },
    {
      id: '1',
      what: 'bot access: p99',
      value: fmt.ms(r.server.p99),
      reference: `bare route ${fmt.ms(r.bare.p99)}`,
      ratio: fmt.x(r.server.p99 / r.bare.p99),
      target: '< 5 ms',
      verdict: verdict(r.server.p99 < 5),
    },
  )
}

/** #1 again on a server started with LOG_LEVEL=warn (request logging off the hot path). */
export async function botAccessLogWarn(bench: Bench, server: Child, fixture: BotFixture) {
  const { cfg } = bench
  bench.log('#1 again with LOG_LEVEL=warn')
  const r = await bench.versusBare({
    url: botUrl(server.url, fixture.tokenA),
    headers: fixture.auth,
    connections: cfg.botConnections,
    sec: cfg.botSec,
    rounds: cfg.warnRounds,
    pid: server.pid,
  })
  bench.raw.botAccessWarn = r
  bench.figures.push({
    id: '1',
    what: 'bot access with LOG_LEVEL=warn: throughput / p50 / p99',
    value: `${fmt.rps(r.server.rps)} / ${fmt.ms(r.server.p50)} / ${fmt.ms(r.server.p99)}`,
    reference: `bare route ${fmt.rps(r.bare.rps)}`,
    ratio: fmt.pct(r.server.rps / r.bare.rps),
    verdict: '',
    note: `server CPU ${fmt.cpu(r.server.cpuMsPerRequest)} per request${r.server.anomalies ? `; non-200 answers: ${r.server.anomalies}` : ''}`,
  })
}
