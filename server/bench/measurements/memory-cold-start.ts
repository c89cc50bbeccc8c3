import type { Bench } from '../harness'
import { fmt, verdict } from '../lib/report'

/** #5: the highest RSS the load phases left on each database, and the cold starts the phases measured. */
export function memoryAndColdStart(bench: Bench) {
  const { memory, coldStarts } = bench
  bench.keep('memory', 'all', memory)
  bench.keep('coldStart', 'all', coldStarts)
  for (const db of [...new Set(memory.map((m) => m.db))]) {
    const phases = memory.filter((m) => m.db === db)
    const worst = phases.reduce((a, b) => (b.rssMb > a.rssMb ? b : a))
    bench.figures.push({
      id: '5',
      db,
      what: `server RSS after load (highest of the phases${phases.some((m) => m.replica) ? ' and replicas' : ''})`,
      value: fmt.mb(worst.rssMb),
      target: '< 200 MB',
      verdict: verdict(worst.rssMb < 200),
      note: phases
        .map(
          (m) =>
            `${m.phase}${m.replica ? ` (replica ${m.replica})` : ''}: RSS ${fmt.mb(m.rssMb)}, peak ${fmt.mb(m.peakMb)}`,
        )
        .join('; '),
    })
  }
  for (const c of coldStarts)
    bench.figures.push({
      id: '5',
      db: c.db,
      what: `cold start to healthy, ${c.what}`,
      value: fmt.ms(c.ms),
      target: '< 1.5 s',
      verdict: verdict(c.ms < 1500),
      ...(c.note ? { note: c.note } : {}),
    })
}
