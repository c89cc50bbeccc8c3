import { describe, expect, it } from 'vitest'
import { DEFAULT_EXPIRY_WINDOWS, tokenStatus } from './token-status'

const now = Date.parse('2026-06-01T12:00:00Z')
const DAY = 86_400_000
const MIN = 60_000

describe('tokenStatus', () => {
  it.each([
    ['personal', now + 14 * DAY + 1, 'valid'],
    ['personal', now + 14 * DAY, 'expiring'],
    ['notification', now + 1, 'expiring'],
    ['personal', now, 'expired'],
    ['personal', now - 1, 'expired'],
    ['addon', now + 10 * MIN + 1, 'valid'],
    ['addon', now + 10 * MIN, 'expiring'],
    ['user', now + 1, 'expiring'],
    ['oauth', now, 'expired'],
    ['user', null, 'unknown_expiry'],
  ] as const)('%s expiring at %s is %s', (kind, expiresAt, want) => {
    expect(tokenStatus({ kind, state: 'active', expiresAt }, now)).toBe(want)
  })

  it('lets stored state win over expiry', () => {
    expect(tokenStatus({ kind: 'user', state: 'revoked', expiresAt: now + DAY }, now)).toBe(
      'revoked',
    )
    expect(tokenStatus({ kind: 'user', state: 'needs_reauth', expiresAt: now - DAY }, now)).toBe(
      'needs_reauth',
    )
    expect(tokenStatus({ kind: 'user', state: 'revoked', expiresAt: null }, now)).toBe('revoked')
  })

  it('honours configured windows', () => {
    const windows = { ...DEFAULT_EXPIRY_WINDOWS, longLivedMs: 30 * DAY }
    expect(
      tokenStatus({ kind: 'personal', state: 'active', expiresAt: now + 20 * DAY }, now, windows),
    ).toBe('expiring')
  })
})
