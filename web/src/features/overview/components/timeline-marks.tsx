import { memo } from 'react'
import { useXAxisScale, useYAxisScale } from 'recharts'
import { TimelineMark } from './timeline-mark'
import type { TimelinePoint } from './timeline-store'

/**
 * The marks, drawn with the chart's own scales. Lighter than recharts' <Scatter>, whose per-point
 * machinery (tooltip dispatch, animation, active shapes) made two thousand marks take ~0.5 s.
 */
export const TimelineMarks = memo(function TimelineMarks({ points }: { points: TimelinePoint[] }) {
  const x = useXAxisScale()
  const y = useYAxisScale()
  if (!x || !y) return null
  return (
    <g className="timeline-marks">
      {points.map((point) => {
        const cx = x(point.x)
        const cy = y(point.y)
        if (cx === undefined || cy === undefined) return null
        return <TimelineMark key={point.id} cx={cx} cy={cy} point={point} />
      })}
    </g>
  )
})
