import { describe, expect, it } from 'vitest'
import { noun, plural } from './plural'

describe('plural', () => {
  it('agrees the noun with the count', () => {
    expect(plural(1, 'token')).toBe('1 token')
    expect(plural(0, 'token')).toBe('0 tokens')
    expect(plural(2, 'token')).toBe('2 tokens')
    expect(plural(1, 'refresh', 'refreshes')).toBe('1 refresh')
    expect(plural(2, 'refresh', 'refreshes')).toBe('2 refreshes')
  })

  it('groups large counts and keeps fractions plural', () => {
    expect(plural(1200, 'day')).toBe('1,200 days')
    expect(plural(1.5, 'day')).toBe('1.5 days')
    expect(noun(1, 'failure')).toBe('failure')
    expect(noun(3, 'failure')).toBe('failures')
  })
})
