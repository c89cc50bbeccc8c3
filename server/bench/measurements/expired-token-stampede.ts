import { eq } from 'drizzle-orm'
import { tokens } from '../../src/db/schema'
import { type Bench, botUrl } from '../harness'
import { anomalies, load } from '../lib/load'
import type { Child } from '../lib/proc'
import { fmt, verdict } from '../lib/report'
import type { BotFixture } from '../setup'

/** #3: 1,000 concurrent bot requests on an expired token must cause exactly one exchange. */
export async function expiredTokenStampede(bench: Bench, server: Child, fixture: BotFixture) {
  const { cfg } = bench
  const emu = bench.emulator
  bench.log(`#3 ${cfg.stampede} concurrent bot requests on an expired token`)
  // Expire the token in place (the server re-reads rows on every request): due, past expiry.
  bench.seed(({ db }) => {
    db.update(tokens)
      .set({ expiresAt: Date.now() - 1000 })
      .where(eq(tokens.id, fixture.tokenB))
      .run()
  })
  const before = emu.counters().byGrant.client_credentials ?? 0
  const r = await load({
    url: botUrl(server.url, fixture.tokenB),
    connections: cfg.stampede,
    amount: cfg.stampede,
    headers: fixture.auth,
    timeoutSec: 30,
  })
  const exchanges = (emu.counters().byGrant.client_credentials ?? 0) - before
  bench.raw.stampede = { ...r, exchanges }
  const bad = anomalies(r)
  bench.figures.push(
    {
      id: '3',
      what: `${cfg.stampede} concurrent requests, expired token: exchanges`,
      value: String(exchanges),
      target: 'exactly 1',
      verdict: verdict(exchanges === 1),
    },
    {
      id: '3',
      what: `time until all ${cfg.stampede} answered`,
      value: fmt.ms(r.wallMs),
      verdict: bad || r.requests !== cfg.stampede ? 'MISSED' : '',
      note: `${r.requests} answered (${Object.entries(r.statuses)
        .map(([s, n]) => `${n}× ${s}`)
        .join(', ')}); slowest ${fmt.ms(r.max)}, p50 ${fmt.ms(r.p50)}${bad ? `; ${bad}` : ''}`,
    },
  )
}
