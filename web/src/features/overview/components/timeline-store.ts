import type { TokenKind } from '@tokendesk/shared/schemas/token'
import { TOKEN_KINDS } from '@tokendesk/shared/schemas/token'
import type { TimelineItem } from '../api/get-overview'

/**
 * A timeline token placed on the chart: `at` is its expiry (ms), x where that sits on the axis,
 * y its kind's row plus a jitter.
 */
export type TimelinePoint = TimelineItem & {
  at: number
  x: number
  y: number
  row: number
  name: string
}

/** The hovered or focused mark, where it sits, and which way its tooltip opens. */
export type ActiveMark = {
  id: string
  cx: number
  cy: number
  side: 'start' | 'middle' | 'end'
  below: boolean
  /** Keyboard focus (not hover): a ring is drawn over the marks, which may hide the mark's own. */
  focused: boolean
}

type State = { tabStop: string | null; active: ActiveMark | null }

/**
 * Which mark is the chart's single tab stop (roving tabindex) and which one shows the tooltip.
 * Marks subscribe to their own slice, so moving focus re-renders two marks, not two thousand.
 */
export function createTimelineStore() {
  let state: State = { tabStop: null, active: null }
  const listeners = new Set<() => void>()
  return {
    get: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener)
      return () => {
        listeners.delete(listener)
      }
    },
    set(patch: Partial<State>) {
      state = { ...state, ...patch }
      for (const listener of listeners) listener()
    },
  }
}

export type TimelineStore = ReturnType<typeof createTimelineStore>

/** A stable spread of ±0.3 rows from the id, so tokens expiring together don't hide each other. */
function jitter(id: string) {
  let hash = 0
  for (let i = 0; i < id.length; i++) hash = (hash * 31 + id.charCodeAt(i)) | 0
  return ((Math.abs(hash) % 1000) / 1000 - 0.5) * 0.6
}

export const rowOf = (kind: TokenKind) => TOKEN_KINDS.indexOf(kind)

export function toPoints(
  items: TimelineItem[],
  describe: (item: TimelineItem) => string,
  place: (at: number) => number,
) {
  return items
    .map((item) => {
      const row = rowOf(item.kind)
      const at = Date.parse(item.expiresAt)
      return { ...item, at, x: place(at), row, y: row + jitter(item.id), name: describe(item) }
    })
    .sort((a, b) => a.x - b.x || a.row - b.row)
}
