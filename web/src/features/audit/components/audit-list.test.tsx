import { screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ACTOR_EVENTS } from '@/testing/audit-fixture'
import { mockFetch, ok } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { AuditList } from './audit-list'

describe('AuditList export', () => {
  it('links both formats with the filters in the address', async () => {
    mockFetch({ 'GET /api/audit': () => ok({ items: ACTOR_EVENTS, nextCursor: null }) })
    renderWithProviders(<AuditList />, {
      path: '/audit',
      url: '/audit?action=token.share_added&actor=ann%40example.com',
    })
    const csv = await screen.findByRole('link', { name: 'Export CSV' })
    const href = new URL(csv.getAttribute('href') ?? '', 'http://x')
    expect(href.pathname).toBe('/api/audit/export')
    expect(Object.fromEntries(href.searchParams)).toEqual({
      format: 'csv',
      action: 'token.share_added',
      actor: 'ann@example.com',
    })
    expect(csv.hasAttribute('download')).toBe(true)
    const jsonl = screen.getByRole('link', { name: 'Export JSON lines' })
    expect(new URL(jsonl.getAttribute('href') ?? '', 'http://x').searchParams.get('format')).toBe(
      'jsonl',
    )
    expect(screen.getByText('Every event matching these filters:')).toBeTruthy()
  })
})
