import { useMemo } from 'react'
import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts'
import type { RefreshHour } from '../api/get-overview'
import { hourWords } from './date-words'
import { REFRESH_SERIES } from './refresh-series'

const SIZE = { width: '100%', height: 200 }
const TICK = { fill: '#4f5966', fontSize: 12 }
const CURSOR = { fill: '#eef0f3' }
// Dark item text: the series colours are for bars, not all of them are readable as small text.
const ITEM = { color: '#1b1f24' }

type RefreshChartProps = { hours: RefreshHour[]; summary: string }

const hourLabel = (at: unknown) =>
  typeof at === 'number' ? `${hourWords(at)} – ${hourWords(at + 3_600_000)}` : ''

/** Refreshes per hour over the last day. A picture only: the table beside it has the numbers. */
export function RefreshChart({ hours, summary }: RefreshChartProps) {
  const data = useMemo(() => hours.map((h) => ({ ...h, at: Date.parse(h.hour) })), [hours])
  return (
    <BarChart
      responsive
      style={SIZE}
      data={data}
      margin={{ top: 8, right: 24, bottom: 4, left: 0 }}
      barGap={1}
      barCategoryGap="12%"
      accessibilityLayer={false}
      role="img"
      aria-label={summary}
    >
      <CartesianGrid vertical={false} stroke="#e3e6ea" />
      <XAxis dataKey="at" tickFormatter={hourWords} tick={TICK} interval={5} />
      <YAxis allowDecimals={false} tick={TICK} width={40} />
      <Tooltip
        labelFormatter={hourLabel}
        cursor={CURSOR}
        itemStyle={ITEM}
        isAnimationActive={false}
      />
      {REFRESH_SERIES.map((series) => (
        <Bar
          key={series.key}
          dataKey={series.key}
          name={series.name}
          fill={series.fill}
          isAnimationActive={false}
        />
      ))}
    </BarChart>
  )
}
