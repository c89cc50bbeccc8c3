/**
 * Per-key token bucket in memory: `burst` requests at once, refilled at `perMinute`. Each server
 * process limits on its own, which bounds a key at processes × rate; good enough for abuse control.
 */
export function createRateLimiter(opts: { perMinute: number; burst: number; now: () => number }) {
  const buckets = new Map<string, { tokens: number; at: number }>()
  const ratePerMs = opts.perMinute / 60_000
  return {
    /** Milliseconds to wait before the next request is allowed, or 0 when it may go now. */
    take(key: string) {
      const now = opts.now()
      const b = buckets.get(key) ?? { tokens: opts.burst, at: now }
      b.tokens = Math.min(opts.burst, b.tokens + (now - b.at) * ratePerMs)
      b.at = now
      buckets.set(key, b)
      if (b.tokens >= 1) {
        b.tokens -= 1
        return 0
      }
      return Math.ceil((1 - b.tokens) / ratePerMs)
    },
  }
}
