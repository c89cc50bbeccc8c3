type DateInput = Date | string | number

export type DateFormatOptions = { locale?: string; timeZone?: string }

const SECOND = 1000
const MINUTE = 60 * SECOND
const HOUR = 60 * MINUTE
const DAY = 24 * HOUR

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['year', 365 * DAY],
  ['month', 30 * DAY],
  ['week', 7 * DAY],
  ['day', DAY],
  ['hour', HOUR],
  ['minute', MINUTE],
  ['second', SECOND],
]

export function toDate(input: DateInput): Date {
  return input instanceof Date ? input : new Date(input)
}

/** Locale date and time with the time zone spelled out, e.g. "Mar 4, 2026, 09:30 UTC". */
export function formatAbsolute(input: DateInput, { locale, timeZone }: DateFormatOptions = {}) {
  return new Intl.DateTimeFormat(locale, {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZoneName: 'short',
    timeZone,
  }).format(toDate(input))
}

/** "in 3 days", "2 hours ago", "now": the largest whole unit that fits. */
export function formatRelative(
  input: DateInput,
  now: DateInput,
  { locale }: DateFormatOptions = {},
) {
  const diff = toDate(input).getTime() - toDate(now).getTime()
  const rtf = new Intl.RelativeTimeFormat(locale, { numeric: 'auto' })
  const abs = Math.abs(diff)
  if (abs < 45 * SECOND) return rtf.format(0, 'second')
  for (const [unit, size] of UNITS) {
    if (abs >= size) return rtf.format(Math.round(diff / size), unit)
  }
  return rtf.format(Math.round(diff / SECOND), 'second')
}
