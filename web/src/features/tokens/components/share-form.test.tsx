import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { created, errorResponse, mockFetch, noContent, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { ShareForm } from './share-form'

describe('ShareForm', () => {
  it('asks for the password before granting use, then shares once more', async () => {
    let confirmed = false
    const fetchMock = mockFetch({
      'POST /api/tokens/:id/shares': () =>
        confirmed
          ? created({
              userId: 'u2',
              email: 'bo@example.com',
              name: 'Bo',
              access: 'use' as const,
              createdAt: '2026-12-01T00:00:00.000Z',
            })
          : errorResponse(401, 'reauth_required', 'Enter your password again to continue'),
      'POST /api/auth/reauth': () => {
        confirmed = true
        return noContent()
      },
    })
    renderWithProviders(<ShareForm tokenId="tok1" />)
    fireEvent.change(screen.getByLabelText('Share with (email)'), {
      target: { value: 'bo@example.com' },
    })
    fireEvent.change(screen.getByLabelText('Access'), { target: { value: 'use' } })
    fireEvent.click(screen.getByRole('button', { name: 'Share' }))

    const dialog = await screen.findByRole('dialog', { name: 'Confirm your password' })
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'secret' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }))

    expect(await screen.findByText('Shared with bo@example.com (can use).')).toBeTruthy()
    const posts = fetchMock.mock.calls.filter(
      ([url, init]) => init?.method === 'POST' && String(url).endsWith('/shares'),
    )
    expect(posts).toHaveLength(2)
    expect(requestBody(fetchMock)).toEqual({ email: 'bo@example.com', access: 'use' })
  })
})
