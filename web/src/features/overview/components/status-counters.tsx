import type { Overview } from '@tokendesk/shared/schemas/overview'
import { TOKEN_STATUSES } from '@tokendesk/shared/schemas/token'
import { Link } from 'react-router-dom'
import { paths } from '@/config/paths'
import { noun, plural } from '@/lib/plural'
import { STATUS_LABELS } from '@/lib/token-words'
import { StatusIcon } from './status-mark'

const count = new Intl.NumberFormat()

type StatusCountersProps = Pick<Overview, 'counts' | 'total' | 'thresholds'>

/** One link per status to the token list filtered by it, e.g. `/tokens?status=expiring`. */
export function StatusCounters({ counts, total, thresholds }: StatusCountersProps) {
  return (
    <section className="card overview-section" aria-labelledby="overview-counts">
      <div className="overview-section-head">
        <h2 id="overview-counts" tabIndex={-1}>
          Tokens by status
        </h2>
        <Link to={paths.tokens.getHref()}>All {plural(total, 'token')}</Link>
      </div>
      <ul className="counters">
        {TOKEN_STATUSES.map((status) => {
          const n = counts[status] ?? 0
          const { label, tone } = STATUS_LABELS[status]
          return (
            <li key={status}>
              <Link
                to={paths.tokens.getHref({ status })}
                className={n > 0 ? `counter counter-${tone}` : 'counter'}
              >
                <span className="counter-label">
                  <StatusIcon status={status} />
                  {label}
                </span>{' '}
                <span className="counter-value">{count.format(n)}</span>
                <span className="visually-hidden"> {noun(n, 'token')}</span>
              </Link>
            </li>
          )
        })}
      </ul>
      <p className="muted">
        Expiring soon means within {plural(thresholds.longLivedDays, 'day')} for personal and room
        tokens, and within {plural(thresholds.shortLivedMinutes, 'minute')} for the others.
      </p>
    </section>
  )
}
