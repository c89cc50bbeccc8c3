import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { cpus, loadavg, totalmem } from 'node:os'

export type Verdict = 'ok' | 'MISSED' | 'n/a' | 'ERROR' | ''

/** One line of the table. `reference` and `ratio` come from the same run. */
export type Figure = {
  id: string
  /** The database the server ran on ('SQLite', 'PostgreSQL', 'PostgreSQL ×3'); none for the SPA's size. */
  db?: string
  what: string
  value: string
  reference?: string
  ratio?: string
  target?: string
  verdict: Verdict
  note?: string
}

export const fmt = {
  ms: (v: number) =>
    Number.isFinite(v) ? (v < 10 ? `${v.toFixed(2)} ms` : `${v.toFixed(0)} ms`) : 'n/a',
  s: (ms: number) => `${(ms / 1000).toFixed(2)} s`,
  rps: (v: number) => `${Math.round(v).toLocaleString('en-US')} req/s`,
  kb: (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`,
  mb: (v: number) => `${v.toFixed(0)} MB`,
  pct: (v: number) => `${(v * 100).toFixed(0)}%`,
  x: (v: number) => `${v.toFixed(2)}×`,
  /** Server CPU per request: three decimals, the bot path's figures are a few hundredths. */
  cpu: (v: number | null) => (v !== null && Number.isFinite(v) ? `${v.toFixed(3)} ms` : 'n/a'),
}

export const verdict = (ok: boolean): Verdict => (ok ? 'ok' : 'MISSED')

/** The table's order: by measurement number, in run order within one (SQLite, then PostgreSQL). */
export function byMeasurement(figures: Figure[]) {
  const rank = (f: Figure) => {
    const n = Number.parseInt(f.id, 10)
    return Number.isNaN(n) ? 99 : n
  }
  return figures
    .map((f, i) => ({ f, i }))
    .sort((a, b) => rank(a.f) - rank(b.f) || a.i - b.i)
    .map(({ f }) => f)
}

export function markdownTable(figures: Figure[]) {
  const head = ['#', 'db', 'measure', 'value', 'reference (same run)', 'ratio', 'target', 'result']
  const cell = (s: string | undefined) => (s ?? '').replace(/\|/g, '\\|')
  const lines = [
    `| ${head.join(' | ')} |`,
    `|${head.map(() => '---').join('|')}|`,
    ...figures.map(
      (f) =>
        `| ${[
          f.id,
          f.db,
          f.what,
          f.value,
          f.reference ?? '',
          f.ratio ?? '',
          f.target ?? '',
          f.verdict,
        ]
          .map(cell)
          .join(' | ')} |`,
    ),
  ]
  const notes = figures
    .filter((f) => f.note)
    .map((f) => `- ${f.id}${f.db ? ` ${f.db}` : ''} ${f.what}: ${f.note}`)
  return `${lines.join('\n')}${notes.length ? `\n\nNotes:\n${notes.join('\n')}` : ''}`
}

export function machine() {
  let cpuModel = cpus()[0]?.model ?? 'unknown'
  let mhz = ''
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8')
    cpuModel = /^model name\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? cpuModel
    mhz = /^cpu MHz\s*:\s*(.+)$/m.exec(info)?.[1]?.trim() ?? ''
  } catch {}
  let nproc = cpus().length
  try {
    nproc = Number(execFileSync('nproc', { encoding: 'utf8' }).trim())
  } catch {}
  let os = ''
  try {
    os = /^PRETTY_NAME="?([^"\n]+)/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? ''
  } catch {}
  let chromium = ''
  try {
    chromium = execFileSync(process.env.TOKENDESK_CHROMIUM ?? '/usr/bin/chromium', ['--version'], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim()
  } catch {}
  return {
    /** 1/5/15-minute load averages when the run ended: other work on the shared cores. */
    loadAvg: loadavg().map((l) => Math.round(l * 100) / 100),
    cpu: cpuModel,
    cpuMhz: mhz,
    nproc,
    memoryGb: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    os,
    chromium,
  }
}
