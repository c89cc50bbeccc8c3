import { fireEvent, screen, waitFor } from '@testing-library/react'
import type { ShareView, TokenAction, TokenView } from '@tokendesk/shared/schemas/token'
import { describe, expect, it, vi } from 'vitest'
import { errorResponse, mockFetch, ok, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { ALLOWED_BY_ACCESS, makeToken } from '@/testing/token-fixture'
import { reconnectHref } from './reconnect'
import { TokenDetail } from './token-detail'

const OWNER_ACTIONS: TokenView['allowed'] = ALLOWED_BY_ACCESS.owner

const broken = (overrides: Partial<TokenView> = {}) =>
  makeToken({
    kind: 'user',
    status: 'needs_reauth',
    refreshable: true,
    installationId: 'inst1',
    allowed: OWNER_ACTIONS,
    lastError: 'invalid_grant: refresh token has been revoked',
    ...overrides,
  })

function mockDetailApi(handlers: Parameters<typeof mockFetch>[0] = {}) {
  return mockFetch({
    'GET /api/tokens/:id/audit': () => ok({ items: [], nextCursor: null }),
    'GET /api/tokens/:id/shares': () => ok({ items: [], nextCursor: null }),
    ...handlers,
  })
}

function renderDetail(token: TokenView, handlers: Parameters<typeof mockFetch>[0] = {}) {
  const fetchMock = mockDetailApi(handlers)
  renderWithProviders(<TokenDetail token={token} botKeyNames={new Map()} />)
  return fetchMock
}

describe('Reconnect', () => {
  it('sends the owner to the token’s own reconnect address, whatever its scopes', async () => {
    const assign = vi.spyOn(window.location, 'assign').mockImplementation(() => {})
    renderDetail(broken())
    fireEvent.click(await screen.findByRole('button', { name: 'Reconnect' }))
    expect(assign).toHaveBeenCalledWith('/api/tokens/tok1/reconnect')
    expect(screen.getByText(/keeps its shares and bot keys/)).toBeTruthy()
  })

  it('offers no Reconnect to someone the token is shared with', async () => {
    renderDetail(broken({ access: 'use', allowed: ['token.read_meta', 'token.refresh'] }))
    expect(await screen.findByText('This token needs reconnecting')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Reconnect' })).toBeNull()
    expect(screen.getByText(/Its owner can reconnect it/)).toBeTruthy()
  })

  it('points at Reconnect when a refresh finds the grant revoked', async () => {
    renderDetail(broken({ status: 'valid' }), {
      'POST /api/tokens/:id/refresh': () =>
        errorResponse(409, 'reauth_required', 'The provider refused the refresh'),
      'GET /api/tokens/:id': () => ok(broken()),
    })
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }))
    await waitFor(() => expect(screen.getByText(/Press Reconnect above/)).toBeTruthy())
  })

  it('is offered for tokens a person approved, never for pasted or minted ones', () => {
    expect(reconnectHref(makeToken({ id: 'a b', kind: 'oauth' }))).toBe(
      '/api/tokens/a%20b/reconnect',
    )
    for (const kind of ['personal', 'notification', 'addon'] as const)
      expect(reconnectHref(makeToken({ kind }))).toBeNull()
  })
})

const SHARE: ShareView = {
  userId: 'u2',
  email: 'walt@example.com',
  name: 'Walt',
  access: 'use',
  createdAt: '2026-01-01T00:00:00.000Z',
}

/** Each action and the one control it unlocks on the page. */
const CONTROLS: [TokenAction, () => HTMLElement | null][] = [
  ['token.read_value', () => screen.queryByRole('button', { name: 'Reveal' })],
  ['token.refresh', () => screen.queryByRole('button', { name: 'Refresh' })],
  ['token.reconnect', () => screen.queryByRole('button', { name: 'Reconnect' })],
  ['token.update', () => screen.queryByRole('button', { name: 'Save changes' })],
  ['token.delete', () => screen.queryByRole('button', { name: 'Delete' })],
  ['token.revoke', () => screen.queryByRole('button', { name: 'Revoke' })],
  ['token.reassign', () => screen.queryByRole('button', { name: 'Change owner' })],
  ['token.share', () => screen.queryByRole('form', { name: 'Share this token' })],
  [
    'token.read_shares',
    () => screen.queryByRole('list', { name: 'People this token is shared with' }),
  ],
]

describe('What the page offers', () => {
  const page = (allowed: TokenAction[]) =>
    // `access` says owner throughout: only `allowed` may decide.
    broken({ access: 'owner', allowed: ['token.read_meta', ...allowed] })

  it.each(CONTROLS)('shows the control for %s only when allowed lists it', async (action) => {
    renderDetail(page([action]), {
      'GET /api/tokens/:id/shares': () => ok({ items: [SHARE], nextCursor: null }),
    })
    await screen.findByText('Nothing recorded yet.')
    await waitFor(() => expect(CONTROLS.find(([a]) => a === action)?.[1]()).toBeTruthy())
    for (const [other, query] of CONTROLS) if (other !== action) expect(query()).toBeNull()
  })

  it('shows an owner nothing but the details when the policy allows nothing else', async () => {
    renderDetail(page([]))
    await screen.findByText('Nothing recorded yet.')
    for (const [, query] of CONTROLS) expect(query()).toBeNull()
    expect(screen.queryByRole('button', { name: 'Copy' })).toBeNull()
    expect(screen.getByText(/Its owner can reconnect it/)).toBeTruthy()
  })

  it('lists shares without Remove buttons for someone who may read but not share', async () => {
    renderDetail(broken({ access: 'admin', allowed: ['token.read_meta', 'token.read_shares'] }), {
      'GET /api/tokens/:id/shares': () => ok({ items: [SHARE], nextCursor: null }),
    })
    expect(await screen.findByText('walt@example.com')).toBeTruthy()
    expect(screen.queryByRole('button', { name: /Remove/ })).toBeNull()
  })
})

describe('Refresh', () => {
  const shown = makeToken({ kind: 'user', refreshable: true, generation: 4 })

  it('sends the generation on screen and says Refreshed when the token moved by one', async () => {
    const fetchMock = renderDetail(shown, {
      'POST /api/tokens/:id/refresh': () => ok({ ...shown, generation: 5 }),
    })
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }))
    expect(await screen.findByText(/^Refreshed\. New expiry/)).toBeTruthy()
    const post = fetchMock.mock.calls.findIndex(([, init]) => init?.method === 'POST')
    expect(requestBody(fetchMock, post)).toEqual({ generation: 4 })
  })

  it('says Already up to date when someone else refreshed it first', async () => {
    renderDetail(shown, {
      'POST /api/tokens/:id/refresh': () => ok({ ...shown, generation: 6 }),
    })
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }))
    expect(await screen.findByText(/^Already up to date: someone else refreshed it/)).toBeTruthy()
    expect(screen.queryByText(/^Refreshed\./)).toBeNull()
  })

  it('shows an open circuit as the server says it, asking once', async () => {
    const message =
      'https://api.hipchat.com is failing; refreshes are paused until 2026-09-01T12:05:00.000Z'
    const fetchMock = renderDetail(shown, {
      'POST /api/tokens/:id/refresh': () =>
        errorResponse(503, 'provider_circuit_open', message, { 'retry-after': '300' }),
    })
    fireEvent.click(screen.getByRole('button', { name: 'Refresh' }))
    expect(await screen.findByText(message)).toBeTruthy()
    expect(screen.getByText(/paused calls to this provider/)).toBeTruthy()
    // A mutation retry would have run before the error surfaced.
    const posts = fetchMock.mock.calls.filter(([, init]) => init?.method === 'POST')
    expect(posts).toHaveLength(1)
  })
})
