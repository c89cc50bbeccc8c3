import type { Bench } from '../harness'
import { fmt, verdict } from '../lib/report'

export type ColdStarts = { freshMs: number; bigDbMs: number; bigDbLogWarnMs: number }

/** #5: the highest RSS the load phases left, and the cold starts the phases measured. */
export function memoryAndColdStart(bench: Bench, cold: ColdStarts) {
  const { cfg, memory } = bench
  const worst = memory.reduce((a, b) => (b.rssMb > a.rssMb ? b : a))
  bench.raw.memory = memory
  bench.raw.coldStart = cold
  bench.figures.push(
    {
      id: '5',
      what: 'server RSS after load (highest of the phases)',
      value: fmt.mb(worst.rssMb),
      target: '< 200 MB',
      verdict: verdict(worst.rssMb < 200),
      note: memory
        .map((m) => `${m.phase}: RSS ${fmt.mb(m.rssMb)}, peak ${fmt.mb(m.peakMb)}`)
        .join('; '),
    },
    {
      id: '5',
      what: 'cold start to healthy, fresh data dir (migrations, bootstrap admin)',
      value: fmt.ms(cold.freshMs),
      target: '< 1.5 s',
      verdict: verdict(cold.freshMs < 1500),
    },
    {
      id: '5',
      what: `cold start to healthy, existing database (${cfg.listTokens + cfg.spaTokens} tokens)`,
      value: fmt.ms(cold.bigDbMs),
      target: '< 1.5 s',
      verdict: verdict(cold.bigDbMs < 1500),
    },
  )
}
