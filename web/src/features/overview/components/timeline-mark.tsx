import { type MouseEvent, memo, useSyncExternalStore } from 'react'
import { paths } from '@/config/paths'
import { markClass, markPath } from './status-mark'
import { useTimelineContext } from './timeline-context'
import type { TimelinePoint } from './timeline-store'

type TimelineMarkProps = { cx: number; cy: number; point: TimelinePoint }

// Tooltips open towards the middle of the plot: away from its sides and below the top rows.
const EDGE = 160
const ABOVE = 110

function isPlainClick(event: MouseEvent) {
  return event.button === 0 && !event.metaKey && !event.ctrlKey && !event.shiftKey && !event.altKey
}

/**
 * One token on the timeline: a real link (middle-click and "open in new tab" work) whose name
 * says everything the tooltip shows. Only one mark is in the tab order; arrow keys move between.
 */
export const TimelineMark = memo(function TimelineMark({ cx, cy, point }: TimelineMarkProps) {
  const { store, onKeyDown, open } = useTimelineContext()
  const { id, status } = point
  const isTabStop = useSyncExternalStore(store.subscribe, () => store.get().tabStop === id)

  const show = (target: Element, focused: boolean) => {
    const width = target.closest('svg')?.clientWidth ?? 0
    const side = cx < EDGE ? 'start' : cx > width - EDGE ? 'end' : 'middle'
    store.set({ active: { id, cx, cy, side, below: cy < ABOVE, focused } })
  }
  const hide = () => {
    if (store.get().active?.id === id) store.set({ active: null })
  }
  const href = paths.tokenDetail.getHref(id)
  return (
    <a
      href={href}
      className="timeline-mark"
      data-mark-id={id}
      tabIndex={isTabStop ? 0 : -1}
      aria-label={point.name}
      onClick={(event) => {
        if (!isPlainClick(event)) return
        event.preventDefault()
        open(id)
      }}
      onFocus={(event) => {
        store.set({ tabStop: id })
        show(event.currentTarget, event.currentTarget.matches(':focus-visible'))
      }}
      onBlur={hide}
      onMouseEnter={(event) => show(event.currentTarget, false)}
      onMouseLeave={hide}
      onKeyDown={(event) => onKeyDown(event, id)}
    >
      <circle className="timeline-mark-ring" cx={cx} cy={cy} r={9} />
      <path className={markClass(status)} d={markPath(status, cx, cy, 4.5)} />
    </a>
  )
})
