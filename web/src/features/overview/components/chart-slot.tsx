import { Component, type ReactNode, Suspense, useDeferredValue } from 'react'
import { Loading } from '@/components/ui/loading'

type ChartSlotProps = {
  /** What is loading, e.g. "expiry timeline". */
  name: string
  children: ReactNode
}

/**
 * Where a lazily loaded chart goes: a placeholder of the chart's height while its code loads, and
 * a short note instead of a broken page if it cannot be drawn (the tables carry the same data).
 */
export function ChartSlot({ name, children }: ChartSlotProps) {
  // Charts join in a background render, so the counters and tables paint without waiting for them.
  const ready = useDeferredValue(true, false)
  const placeholder = (
    <div className="chart-placeholder">
      <Loading label={`Loading the ${name}…`} />
    </div>
  )
  return (
    <ChartBoundary name={name}>
      <Suspense fallback={placeholder}>{ready ? children : placeholder}</Suspense>
    </ChartBoundary>
  )
}

class ChartBoundary extends Component<{ name: string; children: ReactNode }, { failed: boolean }> {
  state = { failed: false }

  static getDerivedStateFromError() {
    return { failed: true }
  }

  componentDidCatch(error: unknown) {
    console.error(`The ${this.props.name} could not be drawn`, error)
  }

  render() {
    if (!this.state.failed) return this.props.children
    return (
      <p className="chart-placeholder muted">
        The {this.props.name} could not be drawn. The table has the same information.
      </p>
    )
  }
}
