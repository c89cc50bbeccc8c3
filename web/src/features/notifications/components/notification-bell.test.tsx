import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import type { NotificationView } from '@tokendesk/shared/schemas/notification'
import { describe, expect, it } from 'vitest'
import { mockFetch, noContent, ok, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { NotificationBell } from './notification-bell'

function notification(id: number, read: boolean): NotificationView {
  return {
    id,
    type: 'expiring',
    title: `Token ${id} expires in 7 days`,
    tokenId: `t${id}`,
    detail: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    read,
  }
}

describe('NotificationBell', () => {
  it('names the unread count, opens a panel and marks everything read', async () => {
    let read = false
    const fetchMock = mockFetch({
      'GET /api/notifications': () =>
        ok({
          items: [1, 2, 3].map((id) => notification(id, read)),
          unread: read ? 0 : 3,
          nextCursor: null,
        }),
      'POST /api/notifications/read': () => {
        read = true
        return noContent()
      },
    })
    renderWithProviders(<NotificationBell />)
    const bell = await screen.findByRole('button', { name: 'Notifications, 3 unread' })
    expect(bell.getAttribute('aria-expanded')).toBe('false')

    fireEvent.click(bell)
    const panel = await screen.findByRole('dialog', { name: 'Notifications' })
    const link = within(panel).getByRole('link', { name: 'Token 2 expires in 7 days' })
    expect(link.getAttribute('href')).toBe('/tokens/t2')
    expect(within(panel).getByRole('link', { name: 'Alert settings' })).toBeTruthy()

    fireEvent.click(within(panel).getByRole('button', { name: 'Mark all read' }))
    await screen.findByRole('button', { name: 'Notifications' })
    const post = fetchMock.mock.calls.findIndex(([, init]) => init?.method === 'POST')
    expect(requestBody(fetchMock, post)).toEqual({ all: true })
  })

  it('closes on Escape and gives focus back to the bell', async () => {
    mockFetch({
      'GET /api/notifications': () => ok({ items: [], unread: 0, nextCursor: null }),
    })
    renderWithProviders(<NotificationBell />)
    const bell = screen.getByRole('button', { name: 'Notifications' })
    fireEvent.click(bell)
    const panel = await screen.findByRole('dialog', { name: 'Notifications' })
    expect(await within(panel).findByText(/Nothing yet/)).toBeTruthy()
    await waitFor(() => expect(document.activeElement).toBe(panel))

    fireEvent.keyDown(panel, { key: 'Escape' })
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(document.activeElement).toBe(bell)
    expect(bell.getAttribute('aria-expanded')).toBe('false')
  })

  it('shows reassigned and reconnected notices; a reassigned token is no longer linked', async () => {
    const reassigned: NotificationView = {
      id: 7,
      type: 'reassigned',
      title: '“Deploy bot token” was reassigned to bo@example.com by admin@example.com',
      tokenId: 'tok1',
      detail: { to: 'bo@example.com', by: 'admin@example.com', reason: 'Ana left the company' },
      createdAt: '2026-01-02T00:00:00.000Z',
      read: false,
    }
    const reconnected: NotificationView = {
      id: 8,
      type: 'reconnected',
      title: '“Chat user token” was reconnected',
      tokenId: 'tok2',
      detail: null,
      createdAt: '2026-01-03T00:00:00.000Z',
      read: false,
    }
    mockFetch({
      'GET /api/notifications': () =>
        ok({ items: [reconnected, reassigned], unread: 2, nextCursor: null }),
    })
    renderWithProviders(<NotificationBell />)
    fireEvent.click(await screen.findByRole('button', { name: 'Notifications, 2 unread' }))
    const panel = await screen.findByRole('dialog', { name: 'Notifications' })
    const link = within(panel).getByRole('link', { name: reconnected.title })
    expect(link.getAttribute('href')).toBe('/tokens/tok2')
    expect(within(panel).getByText(reassigned.title)).toBeTruthy()
    expect(within(panel).queryByRole('link', { name: reassigned.title })).toBeNull()
    expect(within(panel).getByText('Reason: Ana left the company')).toBeTruthy()
  })
})
