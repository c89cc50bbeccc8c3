import { cpSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { ADMIN, type Bench } from '../harness'
import type { Child } from '../lib/proc'
import { fmt, verdict } from '../lib/report'
import { pastedTokens } from '../lib/seed'
import { buildBaseline, buildWeb, initialJs, PageNotReady, timeToList } from '../lib/spa'
import { ROOT } from '../options'

/**
 * The SPA in the run's temp dir, and the baseline app it is compared with, built side by side.
 * With --no-build an existing web/dist is copied instead of built, as server/dist is used as is
 * (`npm test` builds both just before its bench smoke).
 */
export async function buildSpa(bench: Bench) {
  const existing = join(ROOT, 'web/dist')
  const reuse = !bench.options.build && existsSync(join(existing, 'index.html'))
  const web = async () => {
    if (reuse) {
      cpSync(existing, bench.webDist, { recursive: true })
      bench.log('web: the existing web/dist (--no-build)')
    } else {
      const w = await buildWeb(ROOT, bench.webDist)
      bench.log(`web built in ${w.ms.toFixed(0)} ms`)
    }
  }
  const [, baseline] = await Promise.all([web(), buildBaseline(ROOT, join(bench.tmp, 'baseline'))])
  bench.webBuilt = true
  bench.baseline = baseline
}

/** The admin's tokens the list page shows; inserted while the server is stopped. */
export function seedSpaTokens(bench: Bench) {
  return bench.seed(bench.sqlite, async (s) => {
    const id = await s.userIdByEmail(ADMIN.email)
    await s.insertTokens(pastedTokens(s.keyring, id, bench.cfg.spaTokens, Date.now()))
  })
}

/** #6: the SPA's initial JS against the baseline app, and the time to the first token row. */
export async function spaFirstRender(bench: Bench, server: Child) {
  const { cfg, baseline } = bench
  bench.log('#6 SPA')
  if (!bench.webBuilt || !baseline) throw new Error('web build missing')
  const js = initialJs(bench.webDist)
  bench.keep('initialJs', 'SQLite', { spa: js, baseline })
  bench.figures.push({
    id: '6',
    what: 'SPA initial JS (entry + modulepreload), gzip',
    value: fmt.kb(js.gzip),
    reference: `baseline app ${fmt.kb(baseline.gzip)} (92.2 KB when the toolchain was chosen)`,
    ratio: fmt.x(js.gzip / baseline.gzip),
    target: '<= 150 KB',
    verdict: verdict(js.gzip <= 150 * 1024),
    note: js.files.map((f) => `${f.file} ${fmt.kb(f.gzip)}`).join(', '),
  })
  try {
    const t = await timeToList({
      root: ROOT,
      baseUrl: server.url,
      path: '/tokens',
      email: ADMIN.email,
      password: ADMIN.password,
      runs: cfg.spaRuns,
      timeoutMs: bench.options.quick ? 5000 : 10_000,
    })
    bench.keep('timeToList', 'SQLite', t)
    bench.figures.push({
      id: '6',
      db: 'SQLite',
      what: `time to first rendered token row, ${cfg.spaTokens} tokens, cold cache`,
      value: fmt.ms(t.medianPaintedMs),
      target: '< 1 s',
      verdict: verdict(t.medianPaintedMs < 1000),
      note: `median of ${t.runs.length} cold visits, navigation start to the frame after the first \`table tbody tr\` (${t.rows} rows in it; inserted at ${fmt.ms(t.medianInsertedMs)}); runs: ${t.runs.map((r) => fmt.ms(r.paintedMs)).join(', ')}`,
    })
  } catch (err) {
    if (!(err instanceof PageNotReady)) throw err
    bench.figures.push({
      id: '6',
      db: 'SQLite',
      what: `time to first rendered token row, ${cfg.spaTokens} tokens`,
      value: 'n/a',
      target: '< 1 s',
      verdict: 'n/a',
      note: err.message,
    })
  }
}
