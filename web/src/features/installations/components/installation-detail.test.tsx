import { fireEvent, screen, within } from '@testing-library/react'
import { describe, expect, it, vi } from 'vitest'
import { created, type Handler, mockFetch, ok, requestBody } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { makeToken } from '@/testing/token-fixture'
import { startUserConnection } from '../api/start-user-connection'
import { InstallationDetail } from './installation-detail'

vi.mock('../api/start-user-connection', () => ({ startUserConnection: vi.fn() }))

const installation = {
  id: 'i1',
  addonId: 'a1',
  addonName: 'Standup',
  ownerId: 'u1',
  oauthId: 'o1',
  capabilitiesUrl: 'http://hc/v2/capabilities',
  apiUrl: 'http://hc/v2/',
  scopes: ['send_notification', 'view_room'],
  groupId: '1',
  groupName: 'Acme',
  roomId: null,
  status: 'active' as const,
  source: 'callback' as const,
  canConnectUsers: true,
  lastError: null,
  tokenCount: 0,
  installedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}

const noTokens: Handler<'GET /api/tokens'> = () => ok({ items: [], nextCursor: null })

describe('InstallationDetail', () => {
  it('mints an add-on token with the chosen scopes and links to it', async () => {
    const fetchMock = mockFetch({
      'GET /api/tokens': noTokens,
      'GET /api/installations': () => ok({ items: [], nextCursor: null }),
      'POST /api/installations/:id/tokens': () =>
        created(
          makeToken({
            id: 't9',
            kind: 'addon',
            installationId: 'i1',
            expiresAt: '2030-01-01T01:00:00.000Z',
          }),
        ),
    })
    renderWithProviders(<InstallationDetail installation={installation} />)
    const form = screen.getByRole('form', { name: 'Mint add-on token' })
    fireEvent.click(within(form).getByLabelText('View Room'))
    fireEvent.click(within(form).getByRole('button', { name: 'Mint add-on token' }))
    const link = await screen.findByRole('link', { name: 'View the new token' })
    expect(link.getAttribute('href')).toBe('/tokens/t9')
    expect(link.closest('[role="status"]')?.querySelector('time')).toBeTruthy()
    const post = fetchMock.mock.calls.findIndex(([, init]) => init?.method === 'POST')
    expect(requestBody(fetchMock, post)).toEqual({ scopes: ['send_notification'] })
  })

  it('starts the user connection with the selected scopes', () => {
    mockFetch({ 'GET /api/tokens': noTokens })
    renderWithProviders(<InstallationDetail installation={installation} />)
    const form = screen.getByRole('form', { name: 'Connect a user' })
    fireEvent.click(within(form).getByRole('button', { name: 'Connect a user' }))
    expect(startUserConnection).toHaveBeenCalledWith('i1', ['send_notification', 'view_room'])
  })

  it('offers nothing to mint, connect or verify once removed', async () => {
    mockFetch({ 'GET /api/tokens': noTokens })
    renderWithProviders(
      <InstallationDetail
        installation={{ ...installation, status: 'removed', canConnectUsers: false }}
      />,
    )
    expect(screen.getByText('This installation was removed')).toBeTruthy()
    expect(screen.getByText('Removed')).toBeTruthy()
    expect(screen.queryByRole('button', { name: 'Mint add-on token' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Connect a user' })).toBeNull()
    expect(screen.queryByRole('button', { name: 'Verify now' })).toBeNull()
    expect(await screen.findByText('No tokens from this installation yet')).toBeTruthy()
  })
})
