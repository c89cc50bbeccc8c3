import { fireEvent, screen, waitFor, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { mockFetch, ok } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { TokensList } from './tokens-list'

function requestedQuery(fetchMock: ReturnType<typeof mockFetch>, call = 0) {
  const input = fetchMock.mock.calls[call]?.[0]
  return new URL(String(input), 'http://localhost').searchParams
}

describe('TokensList', () => {
  it('renders a row per token with status text, scopes and the sharing owner', async () => {
    const fetchMock = mockFetch({
      'GET /api/tokens': () =>
        ok({
          items: [
            makeToken(),
            makeToken({
              id: 'tok2',
              label: 'Room alerts',
              kind: 'notification',
              status: 'expiring',
              access: 'use',
              ownerName: 'Bo Colleague',
              roomName: 'Ops',
            }),
          ],
          nextCursor: null,
        }),
    })
    renderWithProviders(<TokensList isAdmin={false} onPaste={() => {}} />, {
      path: '/tokens',
      url: '/tokens?status=expiring&sort=label',
    })
    const link = await screen.findByRole('link', { name: 'Room alerts' })
    expect(link.getAttribute('href')).toBe('/tokens/tok2')
    const row = link.closest('tr') as HTMLElement
    expect(within(row).getByText('Expiring soon')).toBeTruthy()
    expect(within(row).getByText('Shared by Bo Colleague')).toBeTruthy()
    expect(within(row).getByText('Room notification')).toBeTruthy()
    expect(within(row).getByText('Ops')).toBeTruthy()
    expect(screen.getAllByText('send_notification')).toHaveLength(2)
    expect(screen.getByText('Showing 2 tokens (all)')).toBeTruthy()
    // Filters come from the URL and go to the server.
    expect(requestedQuery(fetchMock).get('status')).toBe('expiring')
    expect(requestedQuery(fetchMock).get('sort')).toBe('label')
    expect((screen.getByLabelText('Status') as HTMLSelectElement).value).toBe('expiring')
  })

  it('loads the next page with the cursor', async () => {
    const fetchMock = mockFetch({
      'GET /api/tokens': ({ url }) =>
        new URL(url, 'http://localhost').searchParams.get('cursor') === 'c1'
          ? ok({ items: [makeToken({ id: 't3', label: 'Third' })], nextCursor: null })
          : ok({ items: [makeToken()], nextCursor: 'c1' }),
    })
    renderWithProviders(<TokensList isAdmin onPaste={() => {}} />, { path: '/tokens' })
    fireEvent.click(await screen.findByRole('button', { name: 'Load more' }))
    expect(await screen.findByRole('link', { name: 'Third' })).toBeTruthy()
    expect(screen.getByRole('link', { name: 'Deploy bot token' })).toBeTruthy()
    expect(requestedQuery(fetchMock, 1).get('cursor')).toBe('c1')
    expect(screen.queryByRole('button', { name: 'Load more' })).toBeNull()
    expect(screen.getByRole('columnheader', { name: 'Owner' })).toBeTruthy()
  })

  it('says what to do next when there are no tokens', async () => {
    mockFetch({ 'GET /api/tokens': () => ok({ items: [], nextCursor: null }) })
    const onPaste = vi.fn()
    renderWithProviders(<TokensList isAdmin={false} onPaste={onPaste} />, { path: '/tokens' })
    expect(await screen.findByText('No tokens yet')).toBeTruthy()
    expect(screen.getByText('Paste a personal or room token, or install an add-on.')).toBeTruthy()
    fireEvent.click(screen.getByRole('button', { name: 'Paste a token' }))
    expect(onPaste).toHaveBeenCalledOnce()
  })

  it('offers to clear filters when nothing matches, and debounces the search', async () => {
    const fetchMock = mockFetch({
      'GET /api/tokens': () => ok({ items: [], nextCursor: null }),
    })
    const { router } = renderWithProviders(<TokensList isAdmin={false} onPaste={() => {}} />, {
      path: '/tokens',
      url: '/tokens?kind=personal',
    })
    expect(await screen.findByText('No tokens match these filters')).toBeTruthy()
    fireEvent.change(screen.getByLabelText('Search by label'), { target: { value: 'deploy' } })
    await waitFor(() => expect(router.state.location.search).toContain('q=deploy'))
    await waitFor(() =>
      expect(requestedQuery(fetchMock, fetchMock.mock.calls.length - 1).get('q')).toBe('deploy'),
    )
    fireEvent.click(screen.getByRole('button', { name: 'Clear filters' }))
    await waitFor(() => expect(router.state.location.search).toBe(''))
    expect((screen.getByLabelText('Search by label') as HTMLInputElement).value).toBe('')
  })

  it('puts expiry and status right after the label, with card labels hidden from screen readers', async () => {
    mockFetch({
      'GET /api/tokens': () =>
        ok({ items: [makeToken({ status: 'expiring', roomName: null })], nextCursor: null }),
    })
    renderWithProviders(<TokensList isAdmin={false} onPaste={() => {}} />, { path: '/tokens' })
    const link = await screen.findByRole('link', { name: 'Deploy bot token' })
    const row = link.closest('tr') as HTMLElement
    const headers = screen.getAllByRole('columnheader').map((th) => th.textContent)
    expect(headers.slice(0, 3)).toEqual(['Label', 'Expires', 'Status'])
    const cells = [...row.children]
    expect(cells[1]?.className).toContain('token-cell-expires')
    expect(within(cells[2] as HTMLElement).getByText('Expiring soon')).toBeTruthy()
    // Card labels repeat the column headers visually on phones; the headers already name cells.
    const labels = [...row.querySelectorAll('.card-label')]
    expect(labels.map((label) => label.textContent)).toEqual(['Expires', 'Room', 'Scopes'])
    expect(labels.every((label) => label.getAttribute('aria-hidden') === 'true')).toBe(true)
    // An empty room is left off a card.
    expect(row.querySelector('.token-cell-room')?.hasAttribute('data-empty')).toBe(true)
  })

  it('folds the filters behind a button that says how many are set', async () => {
    mockFetch({ 'GET /api/tokens': () => ok({ items: [makeToken()], nextCursor: null }) })
    renderWithProviders(<TokensList isAdmin={false} onPaste={() => {}} />, {
      path: '/tokens',
      url: '/tokens?status=expiring&sort=label&q=deploy',
    })
    await screen.findByRole('link', { name: 'Deploy bot token' })
    const toggle = screen.getByRole('button', { name: 'Filters (2 on)' })
    const fold = document.getElementById(toggle.getAttribute('aria-controls') ?? '') as HTMLElement
    expect(toggle.getAttribute('aria-expanded')).toBe('false')
    expect(fold.hasAttribute('data-open')).toBe(false)
    expect(fold.contains(screen.getByLabelText('Status'))).toBe(true)
    expect(fold.contains(screen.getByLabelText('Sort by'))).toBe(true)
    // Search stays in view.
    expect(fold.contains(screen.getByLabelText('Search by label'))).toBe(false)
    fireEvent.click(toggle)
    expect(toggle.getAttribute('aria-expanded')).toBe('true')
    expect(fold.hasAttribute('data-open')).toBe(true)
  })
})
