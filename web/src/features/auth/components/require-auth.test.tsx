import { screen } from '@testing-library/react'
import { useLocation } from 'react-router-dom'
import { describe, expect, it } from 'vitest'
import { errorResponse, mockFetch, ok } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { RequireAuth } from './require-auth'

function LoginProbe() {
  const location = useLocation()
  return <p>Login, back to {(location.state as { from?: string } | null)?.from}</p>
}

const guarded = <RequireAuth>{(user) => <p>Hello {user.name}</p>}</RequireAuth>

describe('RequireAuth', () => {
  it('sends visitors without a session to /login, keeping the path in router state', async () => {
    mockFetch({ 'GET /api/auth/me': () => errorResponse(401, 'unauthenticated', 'Sign in first') })
    const { router } = renderWithProviders(guarded, {
      path: '/people',
      routes: [{ path: '/login', element: <LoginProbe /> }],
    })
    expect(await screen.findByText('Login, back to /people')).toBeTruthy()
    expect(router.state.location.search).toBe('')
  })

  it('renders the page for a signed-in user', async () => {
    mockFetch({
      'GET /api/auth/me': () =>
        ok({
          id: 'u1',
          email: 'ana@example.com',
          name: 'Ana',
          role: 'owner',
          disabled: false,
          createdAt: '2026-01-01T00:00:00.000Z',
        }),
    })
    renderWithProviders(guarded, { path: '/tokens' })
    expect(await screen.findByText('Hello Ana')).toBeTruthy()
  })

  it('sends a person who must change their password to do that first', async () => {
    mockFetch({
      'GET /api/auth/me': () =>
        ok({
          id: 'u1',
          email: 'ana@example.com',
          name: 'Ana',
          role: 'owner',
          disabled: false,
          mustChangePassword: true,
          createdAt: '2026-01-01T00:00:00.000Z',
        }),
    })
    renderWithProviders(guarded, {
      path: '/tokens',
      routes: [{ path: '/change-password', element: <LoginProbe /> }],
    })
    expect(await screen.findByText('Login, back to /tokens')).toBeTruthy()
    expect(screen.queryByText('Hello Ana')).toBeNull()
  })
})
