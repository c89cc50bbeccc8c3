import { useChartWidth, usePlotArea } from 'recharts'
import { layoutLabels } from './timeline-labels'
import type { AxisLabel } from './timeline-scale'

const ROW_HEIGHT = 14

type TimelineAxisLabelsProps = { lines: AxisLabel[]; ticks: AxisLabel[] }

/**
 * The line labels above the plot and the tick labels below it, laid out for the width the chart
 * has now, so "Now", "1 day" and "7 days" never print over each other, even on a phone.
 */
export function TimelineAxisLabels({ lines, ticks }: TimelineAxisLabelsProps) {
  const plot = usePlotArea()
  const chartWidth = useChartWidth()
  if (!plot || !chartWidth) return null
  const room = {
    width: plot.width,
    left: plot.x,
    right: Math.max(0, chartWidth - plot.x - plot.width),
  }
  const above = layoutLabels(lines, { ...room, rows: 2 })
  const below = layoutLabels(ticks, { ...room, rows: 1 })
  return (
    <g className="timeline-axis-labels">
      {above.map((label) => (
        <text
          key={label.key}
          className="timeline-line-label"
          x={plot.x + label.x}
          y={plot.y - 8 - label.row * ROW_HEIGHT}
          textAnchor="middle"
        >
          {label.text}
        </text>
      ))}
      {below.map((label) => (
        <text
          key={label.key}
          className="timeline-tick-label"
          x={plot.x + label.x}
          y={plot.y + plot.height + 18}
          textAnchor="middle"
        >
          {label.text}
        </text>
      ))}
    </g>
  )
}
