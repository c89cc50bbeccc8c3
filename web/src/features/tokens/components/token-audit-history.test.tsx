import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ACTOR_EVENTS, makeAuditEvent } from '@/testing/audit-fixture'
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

  it('shows a short browser name, the full user agent on hover', async () => {
    const ua = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:127.0) Gecko/20100101 Firefox/127.0'
    mockFetch({
      'GET /api/tokens/:id/audit': () =>
        ok({
          items: [
            makeAuditEvent({
              action: 'token.copied',
              actorType: 'person',
              actorName: 'Owen',
              ip: '198.51.100.4',
              userAgent: ua,
              detail: { userAgent: ua, fingerprint: 'abc123' },
            }),
          ],
          nextCursor: null,
        }),
    })
    renderWithProviders(<TokenAuditHistory tokenId="tok1" />)
    await screen.findByRole('table', { name: 'History of this token, newest first' })
    const [row] = screen.getAllByRole('row').slice(1)
    const cells = within(row as HTMLElement).getAllByRole('cell')
    expect(within(cells[3] as HTMLElement).getByText('Firefox on Windows').title).toBe(ua)
    expect(cells[3]?.textContent).toBe('198.51.100.4Firefox on Windows')
    expect(cells[4]?.textContent).toBe('client: Firefox on Windows, fingerprint: abc123')
    expect(screen.queryByText(ua)).toBeNull()
  })
})
