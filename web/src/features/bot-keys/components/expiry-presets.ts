import { fromDateTimeLocal } from '@/lib/datetime-local'

const DAY = 24 * 3_600_000

/** As GitHub offers for tokens: a few lifetimes, none, or a date of your own. */
export const EXPIRY_PRESETS = [
  { value: '7', label: '7 days', days: 7 },
  { value: '30', label: '30 days', days: 30 },
  { value: '90', label: '90 days', days: 90 },
  { value: '365', label: 'A year', days: 365 },
  { value: 'never', label: 'No expiration', days: null },
  { value: 'custom', label: 'Custom date…', days: null },
] as const

export type ExpiryPreset = (typeof EXPIRY_PRESETS)[number]['value']

export const DEFAULT_EXPIRY: ExpiryPreset = '30'

/**
 * The expiry a preset means from `now`, as the API takes it: an ISO instant, null for none, or
 * an error for a custom date that is missing or not in the future.
 */
export function expiryOf(
  preset: string,
  custom: string,
  now = Date.now(),
): { expiresAt: string | null } | { error: string } {
  if (preset === 'never') return { expiresAt: null }
  if (preset === 'custom') {
    const at = fromDateTimeLocal(custom)
    if (!at) return { error: 'Enter a date and time' }
    if (Date.parse(at) <= now) return { error: 'Must be in the future' }
    return { expiresAt: at }
  }
  const found = EXPIRY_PRESETS.find((p) => p.value === preset)
  const days = found?.days ?? 30
  return { expiresAt: new Date(now + days * DAY).toISOString() }
}

/** The preset closest to a key's lifetime, so a rotation offers what the key had. */
export function presetForLifetime(createdAt: string, expiresAt: string | null): ExpiryPreset {
  if (expiresAt === null) return 'never'
  const days = (Date.parse(expiresAt) - Date.parse(createdAt)) / DAY
  let best: ExpiryPreset = DEFAULT_EXPIRY
  let gap = Number.POSITIVE_INFINITY
  for (const p of EXPIRY_PRESETS) {
    if (p.days === null) continue
    const d = Math.abs(p.days - days)
    if (d < gap) {
      gap = d
      best = p.value
    }
  }
  return best
}
