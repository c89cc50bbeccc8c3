import { Alert } from '@/components/ui/alert'
import { plural } from '@/lib/plural'
import type { FailingProvider } from '../api/get-overview'
import { absoluteWords, relativeWords } from './date-words'

/** Providers whose circuit is open: refreshes and revocations wait instead of hammering them. */
export function FailingProviders({
  providers,
  now,
}: {
  providers: FailingProvider[]
  now: string
}) {
  if (providers.length === 0) return null
  const nowMs = Date.parse(now)
  return (
    <section className="stack" aria-label="Failing providers">
      {providers.map((p) => (
        <Alert key={p.origin} tone="warning">
          <p>
            Provider <code>{p.origin}</code> is failing;{' '}
            {p.state === 'open' && p.openUntil ? (
              <PausedUntil until={p.openUntil} nowMs={nowMs} />
            ) : (
              'one test request is checking whether it has recovered.'
            )}
          </p>
          {p.lastError ? (
            <p className="muted">
              {plural(p.failures, 'failure')} in a row; last: {p.lastError}
            </p>
          ) : null}
        </Alert>
      ))}
    </section>
  )
}

function PausedUntil({ until, nowMs }: { until: string; nowMs: number }) {
  const ms = Date.parse(until)
  return (
    <>
      refreshes paused until <time dateTime={until}>{absoluteWords(ms)}</time> (
      {relativeWords(ms, nowMs)}).
    </>
  )
}
