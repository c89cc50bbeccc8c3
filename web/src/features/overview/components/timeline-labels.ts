import type { AxisLabel } from './timeline-scale'

/** 12 px text, a little wider than most system fonts' average so estimates err towards room. */
export const CHAR_WIDTH = 7.2
const GAP = 8

export type PlacedLabel<L extends AxisLabel = AxisLabel> = L & {
  /** Centre of the text, in px from the plot's left edge. */
  x: number
  /** 0 is the row nearest the plot. */
  row: number
}

type Room = {
  /** Plot width in px; a label's anchor is `at * width`. */
  width: number
  /** How far text may reach past the plot's left and right edges (the margins). */
  left: number
  right: number
  rows: number
}

/**
 * Places labels so none overlaps another: most important first, each in the nearest row with room,
 * pushed inside the edges; a label with no room anywhere is left out (the table says it all).
 */
export function layoutLabels<L extends AxisLabel>(labels: L[], room: Room): PlacedLabel<L>[] {
  const taken: Array<Array<[number, number]>> = Array.from({ length: room.rows }, () => [])
  const placed: PlacedLabel<L>[] = []
  const order = [...labels].sort((a, b) => a.priority - b.priority || a.at - b.at)
  for (const label of order) {
    const w = label.text.length * CHAR_WIDTH
    const start = Math.min(
      Math.max(label.at * room.width - w / 2, -room.left),
      room.width + room.right - w,
    )
    const end = start + w
    const row = taken.findIndex((boxes) =>
      boxes.every(([a, b]) => end + GAP <= a || start >= b + GAP),
    )
    if (row === -1) continue
    taken[row]?.push([start, end])
    placed.push({ ...label, x: start + w / 2, row })
  }
  return placed.sort((a, b) => a.at - b.at)
}
