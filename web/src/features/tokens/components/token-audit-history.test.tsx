import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ACTOR_EVENTS } from '@/testing/audit-fixture'
import { mockFetch, ok } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { TokenAuditHistory } from './token-audit-history'

describe('TokenAuditHistory', () => {
  it('says who did each thing: a person, a bot key, the refresher or the system', async () => {
    mockFetch({
      'GET /api/tokens/:id/audit': () => ok({ items: ACTOR_EVENTS, nextCursor: null }),
    })
    renderWithProviders(<TokenAuditHistory tokenId="tok1" />)
    await screen.findByRole('table', { name: 'History of this token, newest first' })
    const rows = screen.getAllByRole('row').slice(1)
    const who = rows.map((row) => within(row).getAllByRole('cell')[2]?.textContent)
    expect(who).toEqual([
      'by Owen',
      'by bot key deploy-bot',
      'by the background refresher',
      'by the system',
    ])
    expect(
      within(rows[3] as HTMLElement).getByText('Provider never confirmed the revocation'),
    ).toBeTruthy()
  })
})
