import { fireEvent, screen, waitFor } from '@testing-library/react'
import { describe, expect, it } from 'vitest'
import { errorResponse, type Handler, mockFetch, ok } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { ProviderRecheckForm } from './provider-recheck-form'

const trusted: Handler<'GET /api/providers/trusted'> = () =>
  ok({
    items: [
      { label: '127.0.0.1:4010', apiBase: 'http://127.0.0.1:4010/v2/', source: 'config' as const },
    ],
  })

const recheckBodies = (fetchMock: ReturnType<typeof mockFetch>) =>
  fetchMock.mock.calls
    .filter(([url]) => String(url).endsWith('/recheck'))
    .map(([, init]) => JSON.parse(String(init?.body)))

describe('ProviderRecheckForm', () => {
  const unverified = makeToken({
    verified: false,
    providerUrl: 'https://api.example.com/v2/',
    lastError: 'Not verified: provider is not trusted',
  })

  it('starts from the token’s own untrusted URL under Other…, and re-checks at a trusted one', async () => {
    const fetchMock = mockFetch({
      'GET /api/providers/trusted': trusted,
      'POST /api/tokens/:id/recheck': () => ok(makeToken({ verified: true })),
      'GET /api/tokens/:id/audit': () => ok({ items: [], nextCursor: null }),
    })
    renderWithProviders(<ProviderRecheckForm token={unverified} />)
    expect(screen.getByText(/Not verified \(provider is not trusted\)/)).toBeTruthy()
    const url = (await screen.findByLabelText('Provider API URL')) as HTMLInputElement
    expect(url.value).toBe('https://api.example.com/v2/')
    fireEvent.change(screen.getByLabelText('Provider'), {
      target: { value: 'http://127.0.0.1:4010/v2/' },
    })
    fireEvent.click(screen.getByRole('button', { name: 'Check with the provider' }))
    expect(await screen.findByText(/Verified with the provider/)).toBeTruthy()
    expect(recheckBodies(fetchMock)).toEqual([{ providerUrl: 'http://127.0.0.1:4010/v2/' }])
  })

  it('says why a check failed and saves the new provider unverified only when asked', async () => {
    const fetchMock = mockFetch({
      'GET /api/providers/trusted': trusted,
      'POST /api/tokens/:id/recheck': ({ json }) =>
        (json as { allowUnverified?: boolean }).allowUnverified
          ? ok(unverified)
          : errorResponse(422, 'provider_unreachable', 'The provider at http://x did not answer.'),
      'GET /api/tokens/:id/audit': () => ok({ items: [], nextCursor: null }),
    })
    renderWithProviders(<ProviderRecheckForm token={makeToken()} />)
    await screen.findByRole('option', { name: 'Other…' })
    fireEvent.click(screen.getByRole('button', { name: 'Check with the provider' }))
    expect(await screen.findByText('The provider at http://x did not answer.')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Save the provider without verifying' }))
    expect(await screen.findByText('Saved without verifying.')).toBeTruthy()
    await waitFor(() =>
      expect(recheckBodies(fetchMock).map((b) => b.allowUnverified)).toEqual([undefined, true]),
    )
  })

  it('reports a token the provider rejects, and that nothing changed', async () => {
    mockFetch({
      'GET /api/providers/trusted': trusted,
      'POST /api/tokens/:id/recheck': () =>
        errorResponse(422, 'token_invalid', 'The provider does not recognise this token'),
    })
    renderWithProviders(<ProviderRecheckForm token={makeToken()} />)
    await screen.findByRole('option', { name: 'Other…' })
    fireEvent.click(screen.getByRole('button', { name: 'Check with the provider' }))
    expect(await screen.findByText('The provider does not accept this token')).toBeTruthy()
    expect(screen.getByText('Nothing was changed.')).toBeTruthy()
    expect(screen.queryByRole('button', { name: /without verifying/ })).toBeNull()
  })
})
