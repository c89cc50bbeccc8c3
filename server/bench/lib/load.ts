import { createRequire } from 'node:module'

type AutocannonResult = {
  requests: { average: number; total: number }
  duration: number
  errors: number
  timeouts: number
  non2xx: number
  statusCodeStats: Record<string, { count: number }>
}
type AutocannonInstance = {
  on(
    event: 'response',
    fn: (client: unknown, status: number, bytes: number, responseTime: number) => void,
  ): void
}
type AutocannonFn = (
  opts: Record<string, unknown>,
  cb: (err: Error | null, result: AutocannonResult) => void,
) => AutocannonInstance

// autocannon is CommonJS without bundled types.
const autocannon = createRequire(import.meta.url)('autocannon') as AutocannonFn

export type LoadResult = {
  connections: number
  /** Wall time of the whole run, ms (includes connecting). */
  wallMs: number
  requests: number
  rps: number
  p50: number
  p90: number
  p99: number
  max: number
  statuses: Record<string, number>
  errors: number
  timeouts: number
}

/** Percentile by nearest rank on a sorted copy. */
export function percentile(sorted: Float64Array | number[], p: number) {
  if (sorted.length === 0) return Number.NaN
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))
  return sorted[i] as number
}

export const median = (xs: number[]) =>
  percentile(
    [...xs].sort((a, b) => a - b),
    50,
  )

/** autocannon's sampling interval, ms: how late after its duration or its last answer a run ends. */
const SAMPLE_MS = 20

/**
 * One autocannon run. Latencies are collected from its `response` events (hrtime, sub-millisecond)
 * instead of its histogram, which rounds to whole milliseconds. Every status is counted: a run
 * with non-2xx answers is reported, never silently averaged in.
 */
export function load(opts: {
  url: string
  connections: number
  durationSec?: number
  amount?: number
  headers?: Record<string, string>
  timeoutSec?: number
}): Promise<LoadResult> {
  const latencies: number[] = []
  const statuses: Record<string, number> = {}
  const t0 = performance.now()
  return new Promise((resolve, reject) => {
    const instance = autocannon(
      {
        url: opts.url,
        connections: opts.connections,
        ...(opts.amount ? { amount: opts.amount } : { duration: opts.durationSec ?? 5 }),
        headers: opts.headers ?? {},
        timeout: opts.timeoutSec ?? 10,
        // autocannon ends a run only at its next sample tick (default every 1000 ms): a 0.5 s
        // run lasted 1 s, and an `amount` run's wall time gained up to 1 s after its last answer.
        sampleInt: SAMPLE_MS,
      },
      (err, result) => {
        if (err) return reject(err)
        const wallMs = performance.now() - t0
        const sorted = Float64Array.from(latencies).sort()
        const measuredMs = opts.amount ? wallMs : result.duration * 1000
        resolve({
          connections: opts.connections,
          wallMs,
          requests: latencies.length,
          rps: latencies.length / (measuredMs / 1000),
          p50: percentile(sorted, 50),
          p90: percentile(sorted, 90),
          p99: percentile(sorted, 99),
          max: percentile(sorted, 100),
          statuses,
          errors: result.errors,
          timeouts: result.timeouts,
        })
      },
    )
    instance.on('response', (_client, status, _bytes, responseTime) => {
      latencies.push(responseTime)
      statuses[status] = (statuses[status] ?? 0) + 1
    })
  })
}

/** Statuses other than the expected one, and connection errors, as a short note ('' when clean). */
export function anomalies(r: LoadResult, expected = 200) {
  const bad = Object.entries(r.statuses).filter(([s]) => Number(s) !== expected)
  const parts = bad.map(([s, n]) => `${n}× HTTP ${s}`)
  if (r.errors) parts.push(`${r.errors} connection errors`)
  if (r.timeouts) parts.push(`${r.timeouts} timeouts`)
  return parts.join(', ')
}

/** `total` connections spread over `n` servers as evenly as possible: 32 over 3 is 11, 11, 10. */
export function split(total: number, n: number) {
  return Array.from({ length: n }, (_, i) => Math.floor(total / n) + (i < total % n ? 1 : 0))
}

/**
 * Runs made at the same time against several servers, as one: requests and throughput summed,
 * each latency percentile the worst server's.
 */
export function combine(rs: LoadResult[]): LoadResult {
  if (rs.length === 1 && rs[0]) return rs[0]
  const sum = (f: (r: LoadResult) => number) => rs.reduce((s, r) => s + f(r), 0)
  const worst = (f: (r: LoadResult) => number) => Math.max(...rs.map(f))
  const statuses: Record<string, number> = {}
  for (const r of rs)
    for (const [s, n] of Object.entries(r.statuses)) statuses[s] = (statuses[s] ?? 0) + n
  return {
    connections: sum((r) => r.connections),
    wallMs: worst((r) => r.wallMs),
    requests: sum((r) => r.requests),
    rps: sum((r) => r.rps),
    p50: worst((r) => r.p50),
    p90: worst((r) => r.p90),
    p99: worst((r) => r.p99),
    max: worst((r) => r.max),
    statuses,
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  }
}
