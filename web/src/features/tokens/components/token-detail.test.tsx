import { fireEvent, screen, waitFor } from '@testing-library/react'
import type { TokenView } from '@tokendesk/shared/schemas/token'
import { describe, expect, it, vi } from 'vitest'
import { errorResponse, jsonResponse, mockFetch } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { reconnectHref } from './reconnect'
import { TokenDetail } from './token-detail'

const OWNER_ACTIONS: TokenView['allowed'] = [
  'token.read_meta',
  'token.read_value',
  'token.bind_key',
  'token.refresh',
  'token.reconnect',
  'token.update',
  'token.delete',
  'token.revoke',
  'token.share',
  'token.read_shares',
  'token.read_audit',
]

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

function renderDetail(token: TokenView, handlers: Parameters<typeof mockFetch>[0] = {}) {
  mockFetch({
    'GET /api/tokens/tok1/audit': () => jsonResponse({ items: [], nextCursor: null }),
    'GET /api/tokens/tok1/shares': () => jsonResponse({ items: [], nextCursor: null }),
    ...handlers,
  })
  return renderWithProviders(<TokenDetail token={token} isAdmin={false} botKeyNames={new Map()} />)
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
      'POST /api/tokens/tok1/refresh': () =>
        errorResponse(409, 'reauth_required', 'The provider refused the refresh'),
      'GET /api/tokens/tok1': () => jsonResponse(broken()),
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
