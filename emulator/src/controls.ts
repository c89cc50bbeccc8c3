import { EmulatorInputError } from './input-error'

export const FAULT_MODES = [
  '500',
  '429',
  'hang',
  'html',
  'invalid_grant',
  'malformed_json',
] as const
export type FaultMode = (typeof FAULT_MODES)[number]

export interface FaultSpec {
  mode: FaultMode
  /** How many upcoming token-endpoint requests get this fault (default 1). */
  count?: number
  /** Seconds for the Retry-After header (429 mode, or any mode when set). */
  retryAfter?: number
  /** Overrides the status of the html and malformed_json modes. */
  status?: number
}

export interface PendingFault {
  mode: FaultMode
  remaining: number
  retryAfter: number | null
  status: number | null
}

export interface Counters {
  total: number
  byGrant: Record<string, number>
  byClient: Record<string, number>
  byStatus: Record<string, number>
  faultsInjected: number
}

export interface RateResult {
  limit: number
  remaining: number
  /** Unix seconds of the next window start. */
  reset: number
  exceeded: boolean
}

/** Test controls: counters, injected faults, latency and the rate limiter. */
export class Controls {
  private counters = emptyCounters()
  private faults: PendingFault[] = []
  private buckets = new Map<string, { count: number; resetAt: number }>()
  latencyMs = 0

  constructor(
    private readonly now: () => number,
    private readonly rateLimit: number,
    private readonly rateWindowSeconds: number,
  ) {}

  reset(): void {
    this.counters = emptyCounters()
    this.faults = []
    this.buckets.clear()
    this.latencyMs = 0
  }

  snapshot(): Counters {
    return structuredClone(this.counters)
  }

  countTokenCall(grant: string, clientId: string): void {
    this.counters.total++
    bump(this.counters.byGrant, grant)
    bump(this.counters.byClient, clientId)
  }

  countStatus(status: number): void {
    bump(this.counters.byStatus, String(status))
  }

  addFault(spec: FaultSpec): PendingFault {
    if (!FAULT_MODES.includes(spec.mode)) {
      throw new EmulatorInputError(`mode must be one of ${FAULT_MODES.join(', ')}`)
    }
    const count = spec.count ?? 1
    if (!Number.isInteger(count) || count < 1) throw new EmulatorInputError('count must be >= 1')
    const retryAfter = spec.retryAfter ?? null
    if (retryAfter !== null && (!Number.isInteger(retryAfter) || retryAfter < 0)) {
      throw new EmulatorInputError('retryAfter must be an integer >= 0')
    }
    const status = spec.status ?? null
    if (status !== null && (!Number.isInteger(status) || status < 200 || status > 599)) {
      throw new EmulatorInputError('status must be an HTTP status between 200 and 599')
    }
    const fault = { mode: spec.mode, remaining: count, retryAfter, status }
    this.faults.push(fault)
    return { ...fault }
  }

  clearFaults(): void {
    this.faults = []
  }

  pendingFaults(): PendingFault[] {
    return this.faults.map((f) => ({ ...f }))
  }

  /** Consumes one use of the oldest pending fault. */
  takeFault(): PendingFault | undefined {
    const head = this.faults[0]
    if (!head) return undefined
    head.remaining--
    if (head.remaining <= 0) this.faults.shift()
    this.counters.faultsInjected++
    return { ...head }
  }

  setLatency(ms: number): void {
    if (!Number.isFinite(ms) || ms < 0) throw new EmulatorInputError('ms must be a number >= 0')
    this.latencyMs = ms
  }

  hitRateLimit(key: string): RateResult {
    const now = this.now()
    if (this.buckets.size > 10_000) this.pruneBuckets(now)
    let bucket = this.buckets.get(key)
    if (!bucket || now >= bucket.resetAt) {
      bucket = { count: 0, resetAt: now + this.rateWindowSeconds * 1000 }
      this.buckets.set(key, bucket)
    }
    bucket.count++
    return {
      limit: this.rateLimit,
      remaining: Math.max(0, this.rateLimit - bucket.count),
      reset: Math.ceil(bucket.resetAt / 1000),
      exceeded: bucket.count > this.rateLimit,
    }
  }

  private pruneBuckets(now: number): void {
    for (const [key, bucket] of this.buckets) if (now >= bucket.resetAt) this.buckets.delete(key)
  }
}

function emptyCounters(): Counters {
  return { total: 0, byGrant: {}, byClient: {}, byStatus: {}, faultsInjected: 0 }
}

function bump(record: Record<string, number>, key: string): void {
  record[key] = (record[key] ?? 0) + 1
}
