import { TOKEN_KINDS } from '@tokendesk/shared/schemas/token'
import { type KeyboardEvent, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { CartesianGrid, ReferenceLine, ScatterChart, XAxis, YAxis } from 'recharts'
import { paths } from '@/config/paths'
import { KIND_LABELS, STATUS_LABELS } from '@/lib/token-words'
import type { TimelineItem } from '../api/get-overview'
import { absoluteWords, dayMonthWords, relativeWords } from './date-words'
import { TimelineContext } from './timeline-context'
import { buildNavigation, NAV_KEYS, targetOf } from './timeline-keys'
import { TimelineMarks } from './timeline-marks'
import { createTimelineStore, toPoints } from './timeline-store'
import { TimelineTooltip } from './timeline-tooltip'

const DAY = 86_400_000
const HORIZON_DAYS = 90
const EMPTY: TimelineItem[] = []
const ROWS = TOKEN_KINDS.map((_, row) => row)
const TICK_DAYS = [0, 15, 30, 45, 60, 75, 90]
const SIZE = { width: '100%', height: 300 }
const TICK = { fill: '#4f5966', fontSize: 12 }

type TimelineChartProps = {
  items: TimelineItem[]
  /** The server's "now", so the axis and the statuses agree. */
  now: string
  alertDays: number[]
  /** Id of the text explaining the keyboard controls. */
  describedBy: string
}

const kindTick = (row: number) => {
  const kind = TOKEN_KINDS[row]
  return kind ? KIND_LABELS[kind] : ''
}

function thresholdLines(nowMs: number, alertDays: number[]) {
  const days = [...new Set(alertDays)]
    .filter((d) => d > 0 && d <= HORIZON_DAYS)
    .sort((a, b) => a - b)
  const lines = [
    { key: 'today', x: nowMs, text: 'Today', dashed: false },
    ...days.map((d) => ({
      key: `alert-${d}`,
      x: nowMs + d * DAY,
      text: d === 1 ? '1 day' : `${d} days`,
      dashed: true,
    })),
  ]
  // Three label heights, so "Today", "1 day" and "7 days" don't print over each other.
  return lines.map((line, i) => ({ ...line, offset: 6 + (i % 3) * 13 }))
}

/** Every token expiring in the next 90 days as a mark: x is the expiry, rows are the kinds. */
export function TimelineChart({ items, now, alertDays, describedBy }: TimelineChartProps) {
  const nowMs = Date.parse(now)
  // Two thousand marks take a moment: draw the empty axes first, then the marks in the background.
  const deferred = useDeferredValue(items, EMPTY)
  const points = useMemo(
    () =>
      toPoints(deferred, (item) => {
        const at = Date.parse(item.expiresAt)
        const status = STATUS_LABELS[item.status].label
        return `${item.label}, ${KIND_LABELS[item.kind]}, ${status}, expires ${absoluteWords(at)} (${relativeWords(at, nowMs)})`
      }),
    [deferred, nowMs],
  )
  const nav = useMemo(() => buildNavigation(points), [points])
  const byId = useMemo(() => new Map(points.map((point) => [point.id, point])), [points])
  const [store] = useState(createTimelineStore)
  const plotRef = useRef<HTMLDivElement>(null)
  const navigate = useNavigate()

  useEffect(() => {
    const current = store.get().tabStop
    if (!current || !nav.position.has(current)) store.set({ tabStop: nav.order[0]?.id ?? null })
  }, [nav, store])

  const context = useMemo(
    () => ({
      store,
      open: (id: string) => navigate(paths.tokenDetail.getHref(id)),
      onKeyDown: (event: KeyboardEvent<Element>, id: string) => {
        if (event.key === 'Escape') store.set({ active: null })
        if (!NAV_KEYS.has(event.key)) return
        event.preventDefault()
        const target = targetOf(nav, id, event.key)
        if (!target) return
        const selector = `[data-mark-id="${CSS.escape(target)}"]`
        plotRef.current?.querySelector<SVGElement>(selector)?.focus()
      },
    }),
    [store, nav, navigate],
  )

  const lines = thresholdLines(nowMs, alertDays)
  return (
    <TimelineContext.Provider value={context}>
      <div className="timeline-plot" ref={plotRef}>
        <ScatterChart
          responsive
          style={SIZE}
          margin={{ top: 44, right: 28, bottom: 4, left: 4 }}
          accessibilityLayer={false}
          role="group"
          aria-label={`Expiry timeline: ${points.length} tokens over the next ${HORIZON_DAYS} days`}
          aria-describedby={describedBy}
        >
          <CartesianGrid stroke="#e3e6ea" />
          <XAxis
            type="number"
            dataKey="x"
            domain={[nowMs - DAY, nowMs + HORIZON_DAYS * DAY]}
            ticks={TICK_DAYS.map((d) => nowMs + d * DAY)}
            tickFormatter={dayMonthWords}
            tick={TICK}
            allowDataOverflow
          />
          <YAxis
            type="number"
            dataKey="y"
            domain={[-0.5, ROWS.length - 0.5]}
            ticks={ROWS}
            interval={0}
            tickFormatter={kindTick}
            tick={TICK}
            width={132}
            reversed
            allowDataOverflow
          />
          {lines.map((line) => (
            <ReferenceLine
              key={line.key}
              x={line.x}
              stroke={line.dashed ? '#4f5966' : '#1b1f24'}
              strokeWidth={line.dashed ? 1 : 2}
              strokeDasharray={line.dashed ? '5 4' : undefined}
              label={{
                value: line.text,
                position: 'top',
                offset: line.offset,
                className: 'timeline-line-label',
                fill: '#1b1f24',
              }}
            />
          ))}
          <TimelineMarks points={points} />
        </ScatterChart>
        <TimelineTooltip byId={byId} nowMs={nowMs} />
      </div>
    </TimelineContext.Provider>
  )
}
