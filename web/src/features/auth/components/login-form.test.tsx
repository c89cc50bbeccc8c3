import { fireEvent, screen, waitFor } from '@testing-library/react'
import type { User } from '@tokendesk/shared/schemas/user'
import { describe, expect, it, vi } from 'vitest'
import { errorResponse, mockFetch, ok, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { LoginForm } from './login-form'

const user: User = {
  id: 'u1',
  email: 'ana@example.com',
  name: 'Ana',
  role: 'admin',
  disabled: false,
  createdAt: '2026-01-01T00:00:00.000Z',
}

function fillAndSubmit(email: string, password: string) {
  fireEvent.change(screen.getByLabelText('Email'), { target: { value: email } })
  fireEvent.change(screen.getByLabelText('Password'), { target: { value: password } })
  fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
}

describe('LoginForm', () => {
  it('validates on the client before calling the server', async () => {
    const fetchMock = mockFetch({})
    renderWithProviders(<LoginForm onSuccess={vi.fn()} />)
    fireEvent.click(screen.getByRole('button', { name: 'Sign in' }))
    expect(await screen.findAllByText('Required')).toHaveLength(2)
    expect(screen.getByLabelText('Email').getAttribute('aria-invalid')).toBe('true')
    expect(document.activeElement).toBe(screen.getByLabelText('Email'))
    expect(fetchMock).not.toHaveBeenCalled()
  })

  it('shows the server message when the credentials are wrong', async () => {
    mockFetch({
      'POST /api/auth/login': () =>
        errorResponse(401, 'invalid_credentials', 'Email or password is incorrect'),
    })
    const onSuccess = vi.fn()
    renderWithProviders(<LoginForm onSuccess={onSuccess} />)
    fillAndSubmit('ana@example.com', 'wrong-password')
    expect((await screen.findByRole('alert')).textContent).toContain(
      'Email or password is incorrect',
    )
    expect(onSuccess).not.toHaveBeenCalled()
  })

  it('says how long to wait when throttled', async () => {
    mockFetch({
      'POST /api/auth/login': () =>
        errorResponse(429, 'too_many_requests', 'Too many failed sign-ins; try again later', {
          'retry-after': '120',
        }),
    })
    renderWithProviders(<LoginForm onSuccess={vi.fn()} />)
    fillAndSubmit('ana@example.com', 'whatever-it-is')
    expect((await screen.findByRole('alert')).textContent).toContain('wait about 2 minutes')
  })

  it('sends trimmed, lower-cased credentials as JSON and reports the user', async () => {
    const fetchMock = mockFetch({ 'POST /api/auth/login': () => ok(user) })
    const onSuccess = vi.fn()
    renderWithProviders(<LoginForm onSuccess={onSuccess} />)
    fillAndSubmit('  Ana@Example.com ', 'correct horse battery')
    await waitFor(() => expect(onSuccess).toHaveBeenCalled())
    expect(onSuccess.mock.calls[0]?.[0]).toEqual(user)
    expect(requestBody(fetchMock)).toEqual({
      email: 'ana@example.com',
      password: 'correct horse battery',
    })
    const headers = new Headers(fetchMock.mock.calls[0]?.[1]?.headers)
    expect(headers.get('content-type')).toContain('application/json')
  })
})
