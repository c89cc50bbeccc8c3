import { describe, expect, it } from 'vitest'
import { CHAR_WIDTH, layoutLabels, type PlacedLabel } from './timeline-labels'
import { DAY, HOUR, lineLabels, MINUTE, positionOf, TICKS } from './timeline-scale'

/** Room as the chart gives it: the kind column on the left, a small margin on the right. */
const roomOf = (width: number, rows: number) => ({ width, left: 136, right: 28, rows })

function expectNoOverlap(placed: PlacedLabel[], width: number) {
  const box = (l: PlacedLabel) => {
    const half = (l.text.length * CHAR_WIDTH) / 2
    return [l.x - half, l.x + half] as const
  }
  for (const label of placed) {
    const [start, end] = box(label)
    expect(start).toBeGreaterThanOrEqual(-136 - 0.001)
    expect(end).toBeLessThanOrEqual(width + 28 + 0.001)
    for (const other of placed) {
      if (other === label || other.row !== label.row) continue
      const [a, b] = box(other)
      expect(end <= a || start >= b, `${label.text} overlaps ${other.text} at ${width}px`).toBe(
        true,
      )
    }
  }
}

describe('the timeline scale', () => {
  it('runs from a day ago to 90 days ahead, in order, and clamps beyond', () => {
    expect(positionOf(-DAY)).toBe(0)
    expect(positionOf(90 * DAY)).toBe(1)
    expect(positionOf(-5 * DAY)).toBe(0)
    expect(positionOf(400 * DAY)).toBe(1)
    const times = [-DAY, -HOUR, 0, MINUTE, 30 * MINUTE, HOUR, 6 * HOUR, DAY, 7 * DAY, 30 * DAY]
    const positions = times.map(positionOf)
    expect([...positions].sort((a, b) => a - b)).toEqual(positions)
    expect(new Set(positions).size).toBe(positions.length)
  })

  it('spreads tokens expiring within the hour instead of piling them on "now"', () => {
    const minutes = [0, 10, 20, 30, 40, 50, 60].map((m) => positionOf(m * MINUTE))
    for (let i = 1; i < minutes.length; i++) {
      // At least 15 px apart on a 600 px plot; a linear 90-day axis gave them under 0.1 px.
      expect((minutes[i] ?? 0) - (minutes[i - 1] ?? 0)).toBeGreaterThan(0.025)
    }
    // The hour and the rest of the day take a good share of the width, days the rest.
    expect(positionOf(HOUR) - positionOf(0)).toBeGreaterThan(0.15)
    expect(positionOf(DAY) - positionOf(0)).toBeGreaterThan(0.3)
    expect(1 - positionOf(DAY)).toBeGreaterThan(0.5)
  })
})

describe('the timeline labels', () => {
  it('says "Now" and "1 day" apart at every width, from a phone to a wide screen', () => {
    for (const width of [150, 220, 320, 480, 800, 1200]) {
      const placed = layoutLabels(lineLabels([30, 7, 1]), roomOf(width, 2))
      expectNoOverlap(placed, width)
      const now = placed.find((l) => l.key === 'now')
      const day = placed.find((l) => l.text === '1 day')
      expect(now, `"Now" at ${width}px`).toBeDefined()
      expect(day, `"1 day" at ${width}px`).toBeDefined()
      if (now && day && now.row === day.row) {
        expect(day.x - now.x).toBeGreaterThanOrEqual(((3 + 5) * CHAR_WIDTH) / 2)
      }
    }
  })

  it('stacks crowded alert lines into a second row and leaves out what has no room', () => {
    const lines = lineLabels([1, 2, 3, 4, 5, 6])
    const narrow = layoutLabels(lines, roomOf(150, 2))
    expectNoOverlap(narrow, 150)
    expect(narrow.map((l) => l.key)).toContain('now')
    expect(narrow.length).toBeLessThan(lines.length)
    expect(new Set(narrow.map((l) => l.row))).toEqual(new Set([0, 1]))
    const wide = layoutLabels(lines, roomOf(1600, 2))
    expectNoOverlap(wide, 1600)
    expect(wide).toHaveLength(lines.length)
  })

  it('keeps the most telling ticks when the axis is narrow, all of them when it is wide', () => {
    const narrow = layoutLabels(TICKS, roomOf(150, 1))
    expectNoOverlap(narrow, 150)
    expect(narrow.map((l) => l.text)).toEqual(expect.arrayContaining(['1 day', '90 days']))
    const wide = layoutLabels(TICKS, roomOf(900, 1))
    expectNoOverlap(wide, 900)
    expect(wide.map((l) => l.text)).toEqual([
      '1 day ago',
      '30 min',
      '1 hour',
      '6 hours',
      '1 day',
      '7 days',
      '30 days',
      '90 days',
    ])
  })

  it('names each alert line in words that agree with the number', () => {
    expect(lineLabels([7, 1, 1, 120, 0]).map((l) => l.text)).toEqual(['Now', '1 day', '7 days'])
  })
})
