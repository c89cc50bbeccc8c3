import { fireEvent, screen } from '@testing-library/react'
import type { User } from '@tokendesk/shared/schemas/user'
import { describe, expect, it } from 'vitest'
import { errorResponse, mockFetch, noContent, ok, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { ChangePasswordRoute } from './change-password'

const forced: User = {
  id: 'u2',
  email: 'bo@example.com',
  name: 'Bo',
  role: 'owner',
  disabled: false,
  mustChangePassword: true,
  createdAt: '2026-01-01T00:00:00.000Z',
}

function renderPage() {
  return renderWithProviders(<ChangePasswordRoute />, {
    path: '/change-password',
    routes: [{ path: '/', element: <p>Home page</p> }],
  })
}

function fill(current: string, next: string, confirm = next) {
  fireEvent.change(screen.getByLabelText('Password you were given'), {
    target: { value: current },
  })
  fireEvent.change(screen.getByLabelText('New password'), { target: { value: next } })
  fireEvent.change(screen.getByLabelText('Confirm new password'), { target: { value: confirm } })
  fireEvent.click(screen.getByRole('button', { name: 'Change password' }))
}

describe('ChangePasswordRoute', () => {
  it('lets a person with an admin-set password choose their own, then opens the app', async () => {
    const fetchMock = mockFetch({
      'GET /api/auth/me': () => ok(forced),
      'POST /api/auth/password': () => noContent(),
    })
    renderPage()
    expect(await screen.findByRole('heading', { name: 'Choose your own password' })).toBeTruthy()
    expect(screen.getByRole('button', { name: 'Log out' })).toBeTruthy()

    fill('given by admin', 'given by admin')
    expect(await screen.findByText('Choose a new password, not the current one')).toBeTruthy()

    fill('given by admin', 'all my own words')
    expect(await screen.findByText('Home page')).toBeTruthy()
    expect(requestBody(fetchMock, 1)).toEqual({
      currentPassword: 'given by admin',
      newPassword: 'all my own words',
    })
  })

  it('shows a wrong current password next to its field', async () => {
    mockFetch({
      'GET /api/auth/me': () => ok(forced),
      'POST /api/auth/password': () =>
        errorResponse(400, 'wrong_password', 'The current password is incorrect'),
    })
    renderPage()
    await screen.findByRole('heading', { name: 'Choose your own password' })
    fill('not it at all', 'all my own words')
    expect(await screen.findByText('The current password is incorrect')).toBeTruthy()
  })

  it('sends anyone who need not change it on to the app', async () => {
    mockFetch({ 'GET /api/auth/me': () => ok({ ...forced, mustChangePassword: false }) })
    renderPage()
    expect(await screen.findByText('Home page')).toBeTruthy()
  })
})
