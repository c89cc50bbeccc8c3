import { screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { ACTOR_EVENTS, makeAuditEvent } from '@/testing/audit-fixture'
import { renderWithProviders } from '@/testing/render'
import { AuditTable } from './audit-table'

const CHROME_LINUX =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36'

const cells = (row: HTMLElement | undefined) => within(row as HTMLElement).getAllByRole('cell')

describe('AuditTable', () => {
  it('names the actor in words, with a person’s email beside their name', () => {
    renderWithProviders(<AuditTable pages={[ACTOR_EVENTS]} />)
    const rows = screen.getAllByRole('row').slice(1)
    const actor = (row: HTMLElement | undefined) => cells(row)[1] as HTMLElement
    expect(within(actor(rows[0])).getByText('by Owen')).toBeTruthy()
    expect(within(actor(rows[0])).getByText('owen@example.com')).toBeTruthy()
    expect(actor(rows[1]).textContent).toBe('by bot key deploy-bot')
    expect(actor(rows[2]).textContent).toBe('by the background refresher')
    expect(actor(rows[3]).textContent).toBe('by the system')
  })

  it('names targets, links the ones the viewer may open, and keeps ids on hover', () => {
    renderWithProviders(
      <AuditTable
        pages={[
          [
            makeAuditEvent({ id: 3, targetId: 'tok1', targetName: 'Deploy bot' }),
            makeAuditEvent({
              id: 2,
              action: 'bot_key.created',
              targetType: 'bot_key',
              targetId: 'k1',
              targetName: 'ci',
            }),
            makeAuditEvent({ id: 1, action: 'token.deleted', targetId: 'gone1', targetName: null }),
          ],
        ]}
      />,
    )
    const link = screen.getByRole('link', { name: 'Token “Deploy bot”' })
    expect(link.getAttribute('href')).toBe('/tokens/tok1')
    expect(link.getAttribute('title')).toBe('Token id tok1')
    expect(screen.getByRole('link', { name: 'Bot key “ci”' }).getAttribute('href')).toBe(
      '/bot-keys',
    )
    // A deleted (or unseen) token is not a link, and says what it was.
    const rows = screen.getAllByRole('row').slice(1)
    const target = cells(rows[2])[3] as HTMLElement
    expect(within(target).queryByRole('link')).toBeNull()
    expect(target.textContent).toBe('Token gone1')
    expect(within(cells(rows[2])[2] as HTMLElement).getByText('Token deleted')).toBeTruthy()
  })

  it('shows where from as an address and a browser, the full user agent on hover', () => {
    renderWithProviders(
      <AuditTable
        pages={[
          [
            makeAuditEvent({
              action: 'token.revealed',
              actorId: 'u1',
              ip: '203.0.113.9',
              userAgent: CHROME_LINUX,
              detail: { userAgent: CHROME_LINUX, fingerprint: 'abc123' },
            }),
          ],
        ]}
      />,
    )
    const [row] = screen.getAllByRole('row').slice(1)
    const from = cells(row)[4] as HTMLElement
    expect(within(from).getByText('203.0.113.9')).toBeTruthy()
    expect(within(from).getByText('Chrome on Linux').getAttribute('title')).toBe(CHROME_LINUX)
    const details = cells(row)[5] as HTMLElement
    expect(details.textContent).toContain('client: Chrome on Linux, fingerprint: abc123')
    // The long string itself only inside the folded ids.
    expect(within(details).getByText('Ids', { exact: false }).closest('details')).toBeTruthy()
    expect(within(details).getByText(CHROME_LINUX).closest('details')?.open).toBe(false)
  })
})
