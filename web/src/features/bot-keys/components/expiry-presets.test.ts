import { describe, expect, it } from 'vitest'
import { expiryOf, presetForLifetime } from './expiry-presets'

const NOW = Date.parse('2026-03-01T12:00:00.000Z')
const DAY = 24 * 3_600_000

describe('expiry presets', () => {
  it('turn a preset into an instant from now, or none', () => {
    expect(expiryOf('90', '', NOW)).toEqual({ expiresAt: new Date(NOW + 90 * DAY).toISOString() })
    expect(expiryOf('365', '', NOW)).toEqual({ expiresAt: new Date(NOW + 365 * DAY).toISOString() })
    expect(expiryOf('never', '', NOW)).toEqual({ expiresAt: null })
  })

  it('take a custom date only in the future', () => {
    expect(expiryOf('custom', '', NOW)).toEqual({ error: 'Enter a date and time' })
    expect(expiryOf('custom', '2020-01-01T00:00', NOW)).toEqual({ error: 'Must be in the future' })
    expect(expiryOf('custom', '2030-01-01T00:00', NOW)).toEqual({
      expiresAt: new Date('2030-01-01T00:00').toISOString(),
    })
  })

  it('offer a rotated key the preset nearest its old lifetime', () => {
    const created = new Date(NOW).toISOString()
    expect(presetForLifetime(created, null)).toBe('never')
    expect(presetForLifetime(created, new Date(NOW + 8 * DAY).toISOString())).toBe('7')
    expect(presetForLifetime(created, new Date(NOW + 100 * DAY).toISOString())).toBe('90')
    expect(presetForLifetime(created, new Date(NOW + 400 * DAY).toISOString())).toBe('365')
  })
})
