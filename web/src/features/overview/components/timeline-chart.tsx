import { TOKEN_KINDS } from '@tokendesk/shared/schemas/token'
import { type KeyboardEvent, useDeferredValue, useEffect, useMemo, useRef, useState } from 'react'
import { useNavigate } from 'react-router-dom'
import { CartesianGrid, ReferenceLine, ScatterChart, XAxis, YAxis } from 'recharts'
import { paths } from '@/config/paths'
import { plural } from '@/lib/plural'
import { KIND_LABELS, STATUS_LABELS } from '@/lib/token-words'
import type { TimelineItem } from '../api/get-overview'
import { absoluteWords, relativeWords } from './date-words'
import { TimelineAxisLabels } from './timeline-axis-labels'
import { TimelineContext } from './timeline-context'
import { buildNavigation, NAV_KEYS, targetOf } from './timeline-keys'
import { TimelineMarks } from './timeline-marks'
import { HORIZON_DAYS, lineLabels, positionOf, TICKS } from './timeline-scale'
import { createTimelineStore, toPoints } from './timeline-store'
import { TimelineTooltip } from './timeline-tooltip'

const EMPTY: TimelineItem[] = []
const ROWS = TOKEN_KINDS.map((_, row) => row)
const SIZE = { width: '100%', height: 300 }
const TICK = { className: 'timeline-kind-label', fontSize: 12 }
// The axis draws grid lines only: TimelineAxisLabels lays out the labels for the width there is.
const GRID_AT = TICKS.map((t) => t.at)
const DOMAIN: [number, number] = [0, 1]

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

/** Every token expiring in the next 90 days as a mark: x is the expiry, rows are the kinds. */
export function TimelineChart({ items, now, alertDays, describedBy }: TimelineChartProps) {
  const nowMs = Date.parse(now)
  // Two thousand marks take a moment: draw the empty axes first, then the marks in the background.
  const deferred = useDeferredValue(items, EMPTY)
  const points = useMemo(
    () =>
      toPoints(
        deferred,
        (item) => {
          const at = Date.parse(item.expiresAt)
          const status = STATUS_LABELS[item.status].label
          return `${item.label}, ${KIND_LABELS[item.kind]}, ${status}, expires ${absoluteWords(at)} (${relativeWords(at, nowMs)})`
        },
        (at) => positionOf(at - nowMs),
      ),
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

  const lines = useMemo(() => lineLabels(alertDays), [alertDays])
  return (
    <TimelineContext.Provider value={context}>
      <div className="timeline-plot" ref={plotRef}>
        <ScatterChart
          responsive
          style={SIZE}
          margin={{ top: 40, right: 28, bottom: 4, left: 4 }}
          accessibilityLayer={false}
          role="group"
          aria-label={`Expiry timeline: ${plural(points.length, 'token')} over the next ${HORIZON_DAYS} days`}
          aria-describedby={describedBy}
        >
          <CartesianGrid className="timeline-grid" />
          <XAxis
            type="number"
            dataKey="x"
            domain={DOMAIN}
            ticks={GRID_AT}
            tick={false}
            height={26}
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
              x={line.at}
              className={line.dashed ? 'timeline-alert-line' : 'timeline-now-line'}
              strokeDasharray={line.dashed ? '5 4' : undefined}
            />
          ))}
          <TimelineAxisLabels lines={lines} ticks={TICKS} />
          <TimelineMarks points={points} />
        </ScatterChart>
        <TimelineTooltip byId={byId} nowMs={nowMs} />
      </div>
    </TimelineContext.Provider>
  )
}
