import { describe, expect, it } from 'vitest'
import { countFoldedFilters } from './use-token-filters'

describe('countFoldedFilters', () => {
  it('counts the folded choices that differ from the default view, not the search', () => {
    expect(countFoldedFilters({ sort: 'expiry' })).toBe(0)
    expect(countFoldedFilters({ sort: 'expiry', q: 'deploy' })).toBe(0)
    expect(countFoldedFilters({ kind: 'personal', status: 'expired', sort: 'expiry' })).toBe(2)
    expect(countFoldedFilters({ scope: 'mine', sort: 'label' })).toBe(2)
  })
})
