import { fireEvent, screen } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { created, errorResponse, mockFetch, ok, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { InviteRoute } from './invite'

const preview = {
  email: 'ivy@example.com',
  name: 'Ivy',
  role: 'owner' as const,
  expiresAt: '2026-01-08T00:00:00.000Z',
}

function renderInvite(url = '/invite#one-time-token') {
  return renderWithProviders(<InviteRoute />, {
    path: '/invite',
    url,
    routes: [{ path: '/', element: <p>Home page</p> }],
  })
}

describe('InviteRoute', () => {
  it('takes the token from the fragment, clears it and sends it only in request bodies', async () => {
    const fetchMock = mockFetch({
      'POST /api/auth/invite': () => ok(preview),
      'POST /api/auth/invite/accept': () =>
        created({
          id: 'u9',
          email: 'ivy@example.com',
          name: 'Ivy Ivers',
          role: 'owner',
          disabled: false,
          mustChangePassword: false,
          createdAt: '2026-01-01T00:00:00.000Z',
        }),
    })
    const { router } = renderInvite()
    expect(await screen.findByText('ivy@example.com')).toBeTruthy()
    expect(router.state.location.hash).toBe('')
    expect(router.state.historyAction).toBe('REPLACE')
    expect(requestBody(fetchMock, 0)).toEqual({ token: 'one-time-token' })
    for (const [url] of fetchMock.mock.calls) expect(String(url)).not.toContain('one-time-token')

    expect((screen.getByLabelText('Name') as HTMLInputElement).value).toBe('Ivy')
    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Ivy Ivers' } })
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'my own password' } })
    fireEvent.change(screen.getByLabelText('Confirm password'), {
      target: { value: 'my own password' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Create my account' }))
    expect(await screen.findByText('Home page')).toBeTruthy()
    expect(requestBody(fetchMock, 1)).toEqual({
      token: 'one-time-token',
      name: 'Ivy Ivers',
      password: 'my own password',
    })
  })

  it('explains an expired link and offers no form', async () => {
    mockFetch({
      'POST /api/auth/invite': () =>
        errorResponse(410, 'invite_expired', 'This invite link has expired. Ask an admin.'),
    })
    renderInvite()
    expect(await screen.findByText('This invite cannot be used')).toBeTruthy()
    expect(screen.getByText(/has expired/)).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Create my account' })).toBeNull()
  })

  it('points a used link to sign-in', async () => {
    mockFetch({
      'POST /api/auth/invite': () =>
        errorResponse(410, 'invite_used', 'This invite link has already been used.'),
    })
    renderInvite()
    expect(await screen.findByRole('link', { name: 'Sign in' })).toBeTruthy()
  })

  it('asks for the link when opened without one', () => {
    const fetchMock = mockFetch({})
    renderInvite('/invite')
    expect(screen.getByText('This page needs your invite link')).toBeTruthy()
    expect(fetchMock).not.toHaveBeenCalled()
  })
})
