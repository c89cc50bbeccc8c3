import { fireEvent, screen, waitFor } from '@testing-library/react'
import type { User } from '@tokendesk/shared/schemas/user'
import { describe, expect, it } from 'vitest'
import { created, mockFetch, ok, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { SetupRoute } from './setup'

const admin: User = {
  id: 'u1',
  email: 'root@example.com',
  name: 'Root',
  role: 'admin',
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
}

function renderSetup(url = '/setup') {
  return renderWithProviders(<SetupRoute />, {
    path: '/setup',
    url,
    routes: [{ path: '/', element: <p>Home page</p> }],
  })
}

describe('SetupRoute', () => {
  it('reads the one-time token from the hash, clears it and sends it with the form', async () => {
    const fetchMock = mockFetch({
      'GET /api/auth/setup': () => ok({ needed: true }),
      'POST /api/auth/setup': () => created(admin),
    })
    const { router } = renderSetup('/setup#one-time-token')
    await screen.findByRole('button', { name: 'Create admin' })
    expect(router.state.location.hash).toBe('')
    expect(router.state.historyAction).toBe('REPLACE')

    fireEvent.change(screen.getByLabelText('Name'), { target: { value: 'Root' } })
    fireEvent.change(screen.getByLabelText('Email'), { target: { value: 'root@example.com' } })
    fireEvent.change(screen.getByLabelText('Password'), { target: { value: 'long enough pw' } })
    fireEvent.change(screen.getByLabelText('Confirm password'), {
      target: { value: 'different!!' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Create admin' }))
    expect(await screen.findByText('The passwords do not match')).toBeTruthy()

    fireEvent.change(screen.getByLabelText('Confirm password'), {
      target: { value: 'long enough pw' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Create admin' }))
    expect(await screen.findByText('Home page')).toBeTruthy()
    expect(requestBody(fetchMock, 1)).toEqual({
      setupToken: 'one-time-token',
      name: 'Root',
      email: 'root@example.com',
      password: 'long enough pw',
    })
  })

  it('explains where the setup link comes from when there is no token', async () => {
    mockFetch({ 'GET /api/auth/setup': () => ok({ needed: true }) })
    renderSetup()
    expect(await screen.findByText('This page needs the setup link')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Create admin' })).toBeNull()
  })

  it('says so when setup is already done', async () => {
    mockFetch({ 'GET /api/auth/setup': () => ok({ needed: false }) })
    renderSetup('/setup#stale-token')
    await waitFor(() => expect(screen.getByText('Setup is already complete')).toBeTruthy())
  })
})
