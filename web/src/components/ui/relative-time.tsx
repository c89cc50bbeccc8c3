import { useNow } from '@/hooks/use-now'
import { type DateFormatOptions, formatAbsolute, formatRelative, toDate } from '@/lib/format-date'

type RelativeTimeProps = DateFormatOptions & {
  date: Date | string | number
  /** Fixes "now" (tests, snapshots); without it the relative form updates every 30 seconds. */
  now?: Date
}

/** Shows when something happens both as a local date-time and relative to now. */
export function RelativeTime({ date, now, locale, timeZone }: RelativeTimeProps) {
  const liveNow = useNow(30_000, now === undefined)
  const value = toDate(date)
  if (Number.isNaN(value.getTime())) return <span className="muted">Unknown time</span>
  const iso = value.toISOString()
  const relative = formatRelative(value, now ?? liveNow, { locale })
  return (
    <time className="relative-time" dateTime={iso} title={iso}>
      <span className="relative-time-absolute">{formatAbsolute(value, { locale, timeZone })}</span>{' '}
      <span className="relative-time-relative">({relative})</span>
    </time>
  )
}
