import { TOKEN_KINDS } from '@tokendesk/shared/schemas/token'
import type { TimelinePoint } from './timeline-store'

export type TimelineNavigation = {
  /** Every point, soonest first: Left/Right walk it. */
  order: TimelinePoint[]
  position: Map<string, number>
  /** Points per kind row, soonest first: Up/Down jump to the nearest expiry in the next row. */
  rows: TimelinePoint[][]
}

export const NAV_KEYS = new Set(['ArrowRight', 'ArrowLeft', 'ArrowUp', 'ArrowDown', 'Home', 'End'])

export function buildNavigation(points: TimelinePoint[]): TimelineNavigation {
  const rows: TimelinePoint[][] = TOKEN_KINDS.map(() => [])
  for (const point of points) rows[point.row]?.push(point)
  return { order: points, position: new Map(points.map((p, i) => [p.id, i])), rows }
}

function nearest(row: TimelinePoint[], x: number) {
  let best = row[0]
  for (const point of row) {
    if (best && Math.abs(point.x - x) < Math.abs(best.x - x)) best = point
  }
  return best
}

/** The id of the mark a navigation key moves to from `id`, if there is one. */
export function targetOf(nav: TimelineNavigation, id: string, key: string): string | undefined {
  const i = nav.position.get(id)
  const current = i === undefined ? undefined : nav.order[i]
  if (i === undefined || !current) return undefined
  if (key === 'ArrowRight') return nav.order[i + 1]?.id
  if (key === 'ArrowLeft') return nav.order[i - 1]?.id
  if (key === 'Home') return nav.order[0]?.id
  if (key === 'End') return nav.order.at(-1)?.id
  const step = key === 'ArrowDown' ? 1 : key === 'ArrowUp' ? -1 : 0
  if (step === 0) return undefined
  for (let r = current.row + step; r >= 0 && r < nav.rows.length; r += step) {
    const row = nav.rows[r]
    if (row && row.length > 0) return nearest(row, current.x)?.id
  }
  return undefined
}
