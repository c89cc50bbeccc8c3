import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { hardNavigate } from '@/lib/hard-navigate'
import { errorResponse, mockFetch, noContent } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { UserMenu } from './user-menu'

vi.mock('@/lib/hard-navigate', () => ({ hardNavigate: vi.fn() }))

const user = {
  id: 'u1',
  email: 'ana@example.com',
  name: 'Ana',
  role: 'owner' as const,
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
}

describe('UserMenu', () => {
  it('shows who is signed in and logs out with a full page load to /login', async () => {
    const fetchMock = mockFetch({
      'POST /api/auth/logout': () => noContent(),
    })
    renderWithProviders(<UserMenu user={user} />)
    expect(screen.getByText('ana@example.com')).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Account' }).getAttribute('href')).toBe('/account')
    fireEvent.click(screen.getByRole('button', { name: 'Log out' }))
    await waitFor(() => expect(hardNavigate).toHaveBeenCalledWith('/login'))
    expect(fetchMock).toHaveBeenCalledTimes(1)
  })

  it('stays put and reports a failed logout', async () => {
    vi.mocked(hardNavigate).mockClear()
    mockFetch({ 'POST /api/auth/logout': () => errorResponse(500, 'internal', 'Server down') })
    renderWithProviders(<UserMenu user={user} />)
    fireEvent.click(screen.getByRole('button', { name: 'Log out' }))
    expect(await screen.findByText('Could not sign out: Server down')).toBeTruthy()
    expect(hardNavigate).not.toHaveBeenCalled()
  })
})
