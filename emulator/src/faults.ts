import type { Context } from 'hono'
import type { PendingFault } from './controls'
import { envelope, errorJson, invalidGrant } from './responses'
import type { EmulatorState } from './state'

/** Resolves after ms, or early when the client goes away or the emulator closes. */
export function sleep(ms: number, signals: AbortSignal[]): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer)
      for (const s of signals) s.removeEventListener('abort', done)
      resolve()
    }
    const timer = ms === Number.POSITIVE_INFINITY ? undefined : setTimeout(done, ms)
    for (const s of signals) {
      if (s.aborted) return done()
      s.addEventListener('abort', done, { once: true })
    }
  })
}

export async function faultResponse(
  c: Context,
  state: EmulatorState,
  fault: PendingFault,
): Promise<Response> {
  const res = await build(c, state, fault)
  if (fault.retryAfter !== null) res.headers.set('Retry-After', String(fault.retryAfter))
  return res
}

async function build(c: Context, state: EmulatorState, fault: PendingFault): Promise<Response> {
  switch (fault.mode) {
    case '500':
      return errorJson(c, 500, 'Internal Server Error (injected fault)')
    case '429': {
      const res = errorJson(c, 429, 'You have exceeded the rate limit (injected fault)')
      const reset = Math.floor(state.now() / 1000) + (fault.retryAfter ?? 1)
      res.headers.set('X-Ratelimit-Remaining', '0')
      res.headers.set('X-Ratelimit-Reset', String(reset))
      return res
    }
    case 'invalid_grant':
      return invalidGrant(c, 'injected fault')
    case 'html':
      return new Response(
        '<!doctype html><html><head><title>Service Unavailable</title></head>' +
          '<body><h1>Service Unavailable</h1><p>Injected fault.</p></body></html>',
        { status: fault.status ?? 503, headers: { 'Content-Type': 'text/html; charset=utf-8' } },
      )
    case 'malformed_json':
      return new Response('{"access_token":"', {
        status: fault.status ?? 200,
        headers: { 'Content-Type': 'application/json' },
      })
    case 'hang':
      await sleep(Number.POSITIVE_INFINITY, [c.req.raw.signal, state.shutdown.signal])
      // Nobody reads this: the client left or the server is closing.
      return c.json(envelope(503, 'Hung request released'), 503)
  }
}
