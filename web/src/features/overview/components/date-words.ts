// Cached formatters: the timeline labels up to two thousand marks, and building an Intl
// formatter per mark (as lib/format-date does per call) would cost a few hundred milliseconds.
const ABSOLUTE = new Intl.DateTimeFormat(undefined, {
  year: 'numeric',
  month: 'short',
  day: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZoneName: 'short',
})
const HOUR = new Intl.DateTimeFormat(undefined, { hour: '2-digit', minute: '2-digit' })
const RELATIVE = new Intl.RelativeTimeFormat(undefined, { numeric: 'auto' })

const UNITS: Array<[Intl.RelativeTimeFormatUnit, number]> = [
  ['month', 30 * 86_400_000],
  ['week', 7 * 86_400_000],
  ['day', 86_400_000],
  ['hour', 3_600_000],
  ['minute', 60_000],
]

export const absoluteWords = (ms: number) => ABSOLUTE.format(ms)
export const hourWords = (ms: number) => HOUR.format(ms)

/** "in 3 days", "2 hours ago": the largest whole unit that fits, like `formatRelative`. */
export function relativeWords(ms: number, nowMs: number) {
  const diff = ms - nowMs
  const unit = UNITS.find(([, size]) => Math.abs(diff) >= size)
  return unit ? RELATIVE.format(Math.round(diff / unit[1]), unit[0]) : RELATIVE.format(0, 'second')
}
