import { useSyncExternalStore } from 'react'
import { KIND_LABELS, STATUS_LABELS } from '@/lib/token-words'
import { absoluteWords, relativeWords } from './date-words'
import { StatusIcon } from './status-mark'
import { useTimelineContext } from './timeline-context'
import type { TimelinePoint } from './timeline-store'

type TimelineTooltipProps = { byId: Map<string, TimelinePoint>; nowMs: number }

/**
 * The hovered or focused mark's token. Hidden from assistive technology: the mark's own
 * accessible name already says the same.
 */
export function TimelineTooltip({ byId, nowMs }: TimelineTooltipProps) {
  const { store } = useTimelineContext()
  const active = useSyncExternalStore(store.subscribe, () => store.get().active)
  const point = active ? byId.get(active.id) : undefined
  if (!active || !point) return null
  const at = { left: active.cx, top: active.cy }
  return (
    <>
      {active.focused ? (
        <span className="timeline-focus-ring" style={at} aria-hidden="true" />
      ) : null}
      <div
        className={`timeline-tooltip timeline-tooltip-${active.side}${active.below ? ' timeline-tooltip-below' : ''}`}
        style={at}
        aria-hidden="true"
      >
        <p className="timeline-tooltip-title">{point.label}</p>
        <p className="timeline-tooltip-meta">
          <StatusIcon status={point.status} />
          {STATUS_LABELS[point.status].label} · {KIND_LABELS[point.kind]}
        </p>
        <p>
          Expires {absoluteWords(point.at)}{' '}
          <span className="muted">({relativeWords(point.at, nowMs)})</span>
        </p>
      </div>
    </>
  )
}
