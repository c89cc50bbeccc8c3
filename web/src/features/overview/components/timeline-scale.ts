import { plural } from '@/lib/plural'

export const MINUTE = 60_000
export const HOUR = 3_600_000
export const DAY = 86_400_000
export const HORIZON_DAYS = 90

/** A stretch of time (ms from now) and the share of the plot's width it gets (0 left, 1 right). */
type Segment = { from: number; to: number; start: number; end: number; log: boolean }

/**
 * On a linear 90-day axis an hour is 1% of the width, so every hour-long token sat on the "now"
 * line. Each stretch gets room of its own instead: the last day (expired), the next hour by
 * minutes, the rest of the day by hours, then days, the last two on a log scale.
 */
const SEGMENTS: Segment[] = [
  { from: -DAY, to: 0, start: 0, end: 0.06, log: false },
  { from: 0, to: HOUR, start: 0.06, end: 0.24, log: false },
  { from: HOUR, to: DAY, start: 0.24, end: 0.44, log: true },
  { from: DAY, to: HORIZON_DAYS * DAY, start: 0.44, end: 1, log: true },
]
const LAST = SEGMENTS[SEGMENTS.length - 1] as Segment

/** Where an expiry `fromNow` ms away sits across the plot, from 0 (a day ago) to 1 (90 days). */
export function positionOf(fromNow: number) {
  const t = Math.min(Math.max(fromNow, -DAY), HORIZON_DAYS * DAY)
  const s = SEGMENTS.find((segment) => t <= segment.to) ?? LAST
  const share = s.log
    ? Math.log(t / s.from) / Math.log(s.to / s.from)
    : (t - s.from) / (s.to - s.from)
  return s.start + share * (s.end - s.start)
}

/** A label at a place on the axis; lower `priority` numbers are kept first when space runs out. */
export type AxisLabel = { key: string; at: number; text: string; priority: number }

const tick = (fromNow: number, text: string, priority: number): AxisLabel => ({
  key: `tick-${fromNow}`,
  at: positionOf(fromNow),
  text,
  priority,
})

/** The bottom axis: how far ahead, in the unit of each stretch. */
export const TICKS: AxisLabel[] = [
  tick(-DAY, '1 day ago', 5),
  tick(30 * MINUTE, '30 min', 3),
  tick(HOUR, '1 hour', 1),
  tick(6 * HOUR, '6 hours', 2),
  tick(DAY, '1 day', 0),
  tick(7 * DAY, '7 days', 1),
  tick(30 * DAY, '30 days', 2),
  tick(HORIZON_DAYS * DAY, `${HORIZON_DAYS} days`, 0),
]

/** The vertical lines: now (solid) and one per alert day the person chose (dashed). */
export function lineLabels(alertDays: number[]): Array<AxisLabel & { dashed: boolean }> {
  const days = [...new Set(alertDays)]
    .filter((d) => d > 0 && d <= HORIZON_DAYS)
    .sort((a, b) => a - b)
  return [
    { key: 'now', at: positionOf(0), text: 'Now', priority: 0, dashed: false },
    ...days.map((d, i) => ({
      key: `alert-${d}`,
      at: positionOf(d * DAY),
      text: plural(d, 'day'),
      priority: 1 + i,
      dashed: true,
    })),
  ]
}
