/**
 * `npm run bench` (full) or `npm run bench -- --quick` (CI smoke, < 90 s). Starts the BUILT server
 * (server/dist/index.js) on temporary data dirs with the HipChat emulator and a bare Hono route as
 * the reference, measures the paths in BENCHMARKS.md with autocannon (one file per measurement in
 * measurements/, run in order by runner.ts), prints a markdown table and writes
 * bench-results/latest.json. A missed target prints MISSED; only a broken run exits non-zero.
 *
 * Options: --quick, --no-build (use the existing server/dist, and web/dist when there is one),
 * --profile (node --cpu-prof for every server process, into bench-results/profiles; read them
 * with profile-summary.ts), --only=1,2,… (skip the other measurements; set-up still runs),
 * --db=sqlite,pg,pg3 (the databases to run on; all three by default), --keep (keep the temp dirs,
 * the server logs and PostgreSQL's), --out=FILE. TMPDIR picks the
 * disk the temporary databases live on, SQLite's and PostgreSQL's alike (fsync cost);
 * TOKENDESK_BENCH_DATABASE_URL runs the PostgreSQL phases on an existing server instead of a
 * cluster started for the run.
 */
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname } from 'node:path'
import { markdownTable } from './lib/report'
import { parseOptions } from './options'
import { runBenchmarks } from './runner'

const options = parseOptions(process.argv.slice(2))
const result = await runBenchmarks(options)
const { outFile } = options
mkdirSync(dirname(outFile), { recursive: true })
writeFileSync(outFile, `${JSON.stringify(result, null, 2)}\n`)
const m = result.machine
console.log(`\n## Token Desk benchmarks (${result.mode}, ${result.date})\n`)
console.log(
  `${m.cpu}, ${m.nproc} cores, ${m.memoryGb} GB, Node ${m.node}, ${m.os}; load average ${m.loadAvgAtStart[0]} at start, ${m.loadAvg[0]} at end`,
)
const pg = result.postgres
console.log(
  pg
    ? `PostgreSQL ${pg.version} (${pg.source}), same disk as SQLite: fsync=${pg.fsync}, synchronous_commit=${pg.synchronousCommit}, full_page_writes=${pg.fullPageWrites}, shared_buffers=${pg.sharedBuffers}\n`
    : 'PostgreSQL: not run\n',
)
console.log(markdownTable(result.figures))
console.log(`\nJSON: ${outFile} (run took ${result.durationSec} s)`)
if (result.errors.length) {
  console.error(
    `\n${result.errors.length} section(s) failed to run: ${result.errors.map((e) => e.section).join(', ')}`,
  )
  process.exit(1)
}
process.exit(0)
