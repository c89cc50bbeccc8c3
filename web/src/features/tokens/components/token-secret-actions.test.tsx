import { act, fireEvent, screen, waitFor } from '@testing-library/react'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { errorResponse, mockFetch, noContent, ok, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { TokenSecretActions } from './token-secret-actions'

const SECRET = 'hc-secret-value-0123456789'

function stubClipboard() {
  const writeText = vi.fn(async (_text: string) => {})
  vi.spyOn(navigator, 'clipboard', 'get').mockReturnValue({ writeText } as unknown as Clipboard)
  return writeText
}

afterEach(() => {
  vi.useRealTimers()
})

describe('TokenSecretActions', () => {
  it('shows a revealed value for 30 seconds with a countdown, then forgets it', async () => {
    // Only the countdown's clock is faked; fetch and the query client keep real timers.
    vi.useFakeTimers({ toFake: ['setInterval', 'clearInterval', 'Date'] })
    const fetchMock = mockFetch({
      'POST /api/tokens/:id/reveal': () => ok({ value: SECRET }),
    })
    renderWithProviders(<TokenSecretActions tokenId="tok1" />)

    fireEvent.click(screen.getByRole('button', { name: 'Reveal' }))
    expect(await screen.findByText(SECRET)).toBeTruthy()
    expect(requestBody(fetchMock)).toEqual({ purpose: 'reveal' })
    expect(screen.getByText(/Hides in/).textContent).toBe('Hides in 30 s')

    act(() => vi.advanceTimersByTime(10_000))
    expect(screen.getByText(/Hides in/).textContent).toBe('Hides in 20 s')

    act(() => vi.advanceTimersByTime(20_000))
    expect(screen.queryByText(SECRET)).toBeNull()
    expect(document.body.textContent).not.toContain(SECRET)
    expect(screen.queryByText(/Hides in/)).toBeNull()
  })

  it('copies the value to the clipboard without ever rendering it', async () => {
    const writeText = stubClipboard()
    const fetchMock = mockFetch({
      'POST /api/tokens/:id/reveal': () => ok({ value: SECRET }),
    })
    renderWithProviders(<TokenSecretActions tokenId="tok1" />)
    expect(fetchMock).not.toHaveBeenCalled()

    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    expect(await screen.findByText('Copied')).toBeTruthy()
    expect(writeText).toHaveBeenCalledWith(SECRET)
    expect(requestBody(fetchMock)).toEqual({ purpose: 'copy' })
    expect(document.body.textContent).not.toContain(SECRET)
  })

  it('asks for the password on reauth_required and then retries', async () => {
    const writeText = stubClipboard()
    let confirmed = false
    const fetchMock = mockFetch({
      'POST /api/tokens/:id/reveal': () =>
        confirmed
          ? ok({ value: SECRET })
          : errorResponse(401, 'reauth_required', 'Enter your password again'),
      'POST /api/auth/reauth': ({ body }) => {
        if (JSON.parse(String(body)).password !== 'right password') {
          return errorResponse(400, 'wrong_password', 'The password is incorrect')
        }
        confirmed = true
        return noContent()
      },
    })
    renderWithProviders(<TokenSecretActions tokenId="tok1" />)

    fireEvent.click(screen.getByRole('button', { name: 'Copy' }))
    const password = await screen.findByLabelText('Password')
    fireEvent.change(password, { target: { value: 'wrong' } })
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }))
    expect(await screen.findByText('The password is incorrect')).toBeTruthy()

    fireEvent.change(password, { target: { value: 'right password' } })
    fireEvent.click(screen.getByRole('button', { name: 'Confirm' }))
    await waitFor(() => expect(writeText).toHaveBeenCalledWith(SECRET))
    expect(screen.queryByLabelText('Password')).toBeNull()
    expect(fetchMock).toHaveBeenCalledTimes(4)
  })
})
