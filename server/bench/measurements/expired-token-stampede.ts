import { type Backend, type Bench, botUrl } from '../harness'
import { anomalies, combine, load, split } from '../lib/load'
import type { Child } from '../lib/proc'
import { fmt, verdict } from '../lib/report'
import type { BotFixture } from '../setup'

/**
 * #3: 1,000 concurrent bot requests on an expired token must cause exactly one exchange, also
 * when they are spread over replicas.
 */
export async function expiredTokenStampede(
  bench: Bench,
  servers: Child[],
  fixture: BotFixture,
  backend: Backend,
) {
  const { cfg } = bench
  const emu = bench.emulator
  const db = backend.label
  bench.log(`#3 ${cfg.stampede} concurrent bot requests on an expired token (${db})`)
  // Expire the token in place (the server sees the change on the next request): due, past expiry.
  await bench.seed(backend, (s) => s.expireToken(fixture.tokenB, Date.now() - 1000))
  const before = emu.counters().byGrant.client_credentials ?? 0
  const shares = split(cfg.stampede, servers.length)
  const r = combine(
    await Promise.all(
      servers.map((server, i) =>
        load({
          url: botUrl(server.url, fixture.tokenB),
          connections: shares[i] ?? 0,
          amount: shares[i] ?? 0,
          headers: fixture.auth,
          timeoutSec: 30,
        }),
      ),
    ),
  )
  const exchanges = (emu.counters().byGrant.client_credentials ?? 0) - before
  bench.keep('stampede', db, { ...r, exchanges })
  const bad = anomalies(r)
  const over = servers.length > 1 ? ` over ${servers.length} replicas` : ''
  bench.figures.push(
    {
      id: '3',
      db,
      what: `${cfg.stampede} concurrent requests${over}, expired token: exchanges`,
      value: String(exchanges),
      target: 'exactly 1',
      verdict: verdict(exchanges === 1),
    },
    {
      id: '3',
      db,
      what: `time until all ${cfg.stampede} answered`,
      value: fmt.ms(r.wallMs),
      verdict: bad || r.requests !== cfg.stampede ? 'MISSED' : '',
      note: `${r.requests} answered (${Object.entries(r.statuses)
        .map(([s, n]) => `${n}× ${s}`)
        .join(', ')}); slowest ${fmt.ms(r.max)}, p50 ${fmt.ms(r.p50)}${bad ? `; ${bad}` : ''}`,
    },
  )
}
