import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { errorResponse, mockFetch, noContent, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { ChangeOwnerForm } from './change-owner-form'

const REASON = 'Ana left the company; Bo takes over the deploy pipeline'

function fill(email: string, reason: string) {
  fireEvent.change(screen.getByLabelText('New owner’s email'), { target: { value: email } })
  fireEvent.change(screen.getByLabelText('Reason'), { target: { value: reason } })
  fireEvent.click(screen.getByRole('button', { name: 'Change owner' }))
}

const postsTo = (fetchMock: ReturnType<typeof mockFetch>, path: string) =>
  fetchMock.mock.calls.flatMap(([url, init], index) =>
    init?.method === 'POST' && String(url).endsWith(path) ? [index] : [],
  )

describe('ChangeOwnerForm', () => {
  it('says it is break glass, asks why, and sends the email with the reason', async () => {
    const fetchMock = mockFetch({
      'POST /api/tokens/:id/owner': () => noContent(),
    })
    renderWithProviders(<ChangeOwnerForm tokenId="tok1" />)
    const form = screen.getByRole('form', { name: 'Change owner' })
    expect(within(form).getByText('Break glass')).toBeTruthy()
    expect(within(form).getByText(/previous\s+owner is told/)).toBeTruthy()

    fill('bo@example.com', '')
    expect(await screen.findByText('Required')).toBeTruthy()
    fill('bo@example.com', 'ok')
    expect(await screen.findByText('Must be at least 3 characters')).toBeTruthy()
    expect(fetchMock).not.toHaveBeenCalled()

    fill('bo@example.com', REASON)
    expect(await screen.findByText(/bo@example.com now owns this token/)).toBeTruthy()
    expect(requestBody(fetchMock)).toEqual({ email: 'bo@example.com', reason: REASON })
  })

  it('asks for the password when the server wants it, then sends the same change once more', async () => {
    let confirmed = false
    const fetchMock = mockFetch({
      'POST /api/tokens/:id/owner': () =>
        confirmed
          ? noContent()
          : errorResponse(401, 'reauth_required', 'Enter your password again to continue'),
      'POST /api/auth/reauth': () => {
        confirmed = true
        return noContent()
      },
    })
    renderWithProviders(<ChangeOwnerForm tokenId="tok1" />)
    fill('bo@example.com', REASON)

    const dialog = await screen.findByRole('dialog', { name: 'Confirm your password' })
    expect(within(dialog).getByText(/before changing a token’s owner/)).toBeTruthy()
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'secret' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }))

    expect(await screen.findByText(/bo@example.com now owns this token/)).toBeTruthy()
    const owners = postsTo(fetchMock, '/owner')
    expect(owners).toHaveLength(2)
    expect(requestBody(fetchMock, owners[1])).toEqual({ email: 'bo@example.com', reason: REASON })
    expect(screen.queryByRole('dialog')).toBeNull()
  })

  it('shows a second refusal instead of asking again', async () => {
    const fetchMock = mockFetch({
      'POST /api/tokens/:id/owner': () =>
        errorResponse(401, 'reauth_required', 'Enter your password again to continue'),
      'POST /api/auth/reauth': () => noContent(),
    })
    renderWithProviders(<ChangeOwnerForm tokenId="tok1" />)
    fill('bo@example.com', REASON)
    const dialog = await screen.findByRole('dialog', { name: 'Confirm your password' })
    fireEvent.change(within(dialog).getByLabelText('Password'), { target: { value: 'secret' } })
    fireEvent.click(within(dialog).getByRole('button', { name: 'Confirm' }))

    expect(await screen.findByText('Enter your password again to continue')).toBeTruthy()
    expect(screen.queryByRole('dialog')).toBeNull()
    expect(postsTo(fetchMock, '/owner')).toHaveLength(2)
  })

  it('puts “not to yourself” next to the email', async () => {
    mockFetch({
      'POST /api/tokens/:id/owner': () =>
        errorResponse(400, 'reassign_to_self', 'An admin cannot take a token for themselves'),
    })
    renderWithProviders(<ChangeOwnerForm tokenId="tok1" />)
    fill('admin@example.com', REASON)
    const email = screen.getByLabelText('New owner’s email')
    await waitFor(() => expect(email.getAttribute('aria-invalid')).toBe('true'))
    expect(screen.getByText('An admin cannot take a token for themselves')).toBeTruthy()
    expect(document.activeElement).toBe(email)
  })

  it('shows other server refusals above the form', async () => {
    mockFetch({
      'POST /api/tokens/:id/owner': () =>
        errorResponse(400, 'validation_failed', 'No active person with that email'),
    })
    renderWithProviders(<ChangeOwnerForm tokenId="tok1" />)
    fill('nobody@example.com', REASON)
    const alert = await screen.findByRole('alert')
    expect(alert.textContent).toContain('No active person with that email')
  })
})
