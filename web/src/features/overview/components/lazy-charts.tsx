import { type ComponentProps, type ComponentType, lazy, useState } from 'react'
import type { RefreshChart as RefreshChartComponent } from './refresh-chart'
import type { TimelineChart as TimelineChartComponent } from './timeline-chart'

/**
 * Chart code that can be fetched ahead of time. Plain React.lazy would still suspend on first
 * render even when the code is already here, and React holds a revealed Suspense boundary back
 * for up to 300 ms: the charts would appear well after the data.
 */
function preloadable<P extends object>(load: () => Promise<ComponentType<P>>) {
  let loaded: ComponentType<P> | undefined
  let pending: Promise<ComponentType<P>> | undefined
  const preload = () => {
    pending ??= load().then((component) => {
      loaded = component
      return component
    })
    return pending
  }
  const Lazy = lazy(() => preload().then((component) => ({ default: component })))
  /** The loaded component if it is here, else the lazy one (picked once per mount). */
  const pick = (): ComponentType<P> => loaded ?? Lazy
  return { preload, pick }
}

// recharts is only ever imported by these two modules, so it stays out of the initial bundle
// and out of the overview page's own chunk.
const timeline = preloadable(() => import('./timeline-chart').then((m) => m.TimelineChart))
const refresh = preloadable(() => import('./refresh-chart').then((m) => m.RefreshChart))

export function TimelineChart(props: ComponentProps<typeof TimelineChartComponent>) {
  const [Chart] = useState(timeline.pick)
  return <Chart {...props} />
}

export function RefreshChart(props: ComponentProps<typeof RefreshChartComponent>) {
  const [Chart] = useState(refresh.pick)
  return <Chart {...props} />
}

/** Starts downloading the chart code while the overview data is still on its way. */
export function preloadCharts() {
  timeline.preload().catch(() => {})
  refresh.preload().catch(() => {})
}
