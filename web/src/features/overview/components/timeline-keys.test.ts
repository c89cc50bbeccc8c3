import { describe, expect, it } from 'vitest'
import { buildNavigation, targetOf } from './timeline-keys'
import { toPoints } from './timeline-store'

const at = (day: number) => new Date(Date.UTC(2026, 2, day)).toISOString()
const points = toPoints(
  [
    { id: 'a', label: 'A', kind: 'addon', status: 'valid', expiresAt: at(10) },
    { id: 'p1', label: 'P1', kind: 'personal', status: 'expiring', expiresAt: at(2) },
    { id: 'p2', label: 'P2', kind: 'personal', status: 'valid', expiresAt: at(20) },
    { id: 'o', label: 'O', kind: 'oauth', status: 'expired', expiresAt: at(12) },
  ],
  (item) => item.label,
  (at) => at,
)
const nav = buildNavigation(points)

describe('timeline keyboard navigation', () => {
  it('walks all marks by date with Left/Right and Home/End', () => {
    expect(points.map((p) => p.id)).toEqual(['p1', 'a', 'o', 'p2'])
    expect(targetOf(nav, 'p1', 'ArrowRight')).toBe('a')
    expect(targetOf(nav, 'a', 'ArrowLeft')).toBe('p1')
    expect(targetOf(nav, 'p1', 'ArrowLeft')).toBeUndefined()
    expect(targetOf(nav, 'a', 'End')).toBe('p2')
    expect(targetOf(nav, 'p2', 'Home')).toBe('p1')
  })

  it('jumps to the nearest expiry in the next non-empty row with Up/Down', () => {
    expect(targetOf(nav, 'a', 'ArrowDown')).toBe('p1')
    expect(targetOf(nav, 'p2', 'ArrowDown')).toBe('o')
    expect(targetOf(nav, 'o', 'ArrowUp')).toBe('p2')
    expect(targetOf(nav, 'a', 'ArrowUp')).toBeUndefined()
    expect(targetOf(nav, 'a', 'Enter')).toBeUndefined()
  })
})
