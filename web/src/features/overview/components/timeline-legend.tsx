import type { TokenStatus } from '@tokendesk/shared/schemas/token'
import { noun } from '@/lib/plural'
import { STATUS_LABELS } from '@/lib/token-words'
import { StatusIcon } from './status-mark'

// Tokens without an expiry never reach the timeline, so their status needs no key.
const ON_TIMELINE: TokenStatus[] = ['valid', 'expiring', 'expired', 'needs_reauth', 'revoked']

function daysText(days: number[]) {
  // Soonest first, as the lines run left to right; the last number then carries the plural.
  const sorted = [...new Set(days)].sort((a, b) => a - b)
  if (sorted.length === 0) return ''
  const last = sorted.pop() ?? 0
  return sorted.length ? `${sorted.join(', ')} and ${last} days` : `${last} ${noun(last, 'day')}`
}

/** The key to the timeline: one shape and colour per status, and what the lines mean. */
export function TimelineLegend({ alertDays }: { alertDays: number[] }) {
  const alerts = daysText(alertDays.filter((d) => d > 0 && d <= 90))
  return (
    <div className="timeline-legend">
      <ul className="legend-list" aria-label="Status key">
        {ON_TIMELINE.map((status) => (
          <li key={status}>
            <StatusIcon status={status} />
            {STATUS_LABELS[status].label}
          </li>
        ))}
      </ul>
      <p className="muted">
        The solid line is now
        {alerts ? `; dashed lines are your alerts, ${alerts} ahead` : ''}. The scale widens near
        now: the next hour in minutes, the rest of the day in hours, then days.
      </p>
    </div>
  )
}
