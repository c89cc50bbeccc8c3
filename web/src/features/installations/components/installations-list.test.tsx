import { screen, within } from '@testing-library/react'
import type { InstallationView } from '@tokendesk/shared/schemas/installation'
import { describe, expect, it } from 'vitest'
import { mockFetch, ok } from '@/testing/mock-fetch'
import { renderWithProviders } from '@/testing/render'
import { InstallationsList } from './installations-list'

const base = {
  ownerId: 'u1',
  capabilitiesUrl: 'http://hc/v2/capabilities',
  apiUrl: 'http://hc/v2/',
  scopes: ['send_notification'],
  groupId: '1',
  source: 'callback' as const,
  canConnectUsers: true,
  lastError: null,
  installedAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-01T00:00:00.000Z',
}

const items: InstallationView[] = [
  {
    ...base,
    id: 'i1',
    addonId: 'a1',
    addonName: 'Standup',
    oauthId: 'o1',
    groupName: 'Acme',
    roomId: null,
    status: 'active',
    tokenCount: 2,
  },
  {
    ...base,
    id: 'i2',
    addonId: 'a2',
    addonName: 'Echo',
    oauthId: 'o2',
    groupName: 'Acme',
    roomId: '42',
    status: 'removed',
    tokenCount: 0,
    canConnectUsers: false,
  },
]

function rowOf(name: string) {
  return screen.getByRole('link', { name }).closest('tr') as HTMLElement
}

describe('InstallationsList', () => {
  it('shows add-on, group, room or Global, status, token count and install time', async () => {
    mockFetch({ 'GET /api/installations': () => ok({ items, nextCursor: null }) })
    renderWithProviders(<InstallationsList />)
    await screen.findByRole('table')
    const standup = rowOf('Standup')
    expect(within(standup).getByRole('link').getAttribute('href')).toBe('/installations/i1')
    expect(within(standup).getByText('Acme')).toBeTruthy()
    expect(within(standup).getByText('Global')).toBeTruthy()
    expect(within(standup).getByText('Active')).toBeTruthy()
    expect(within(standup).getByText('2')).toBeTruthy()
    expect(standup.querySelector('time')?.getAttribute('dateTime')).toBe(base.installedAt)
    const echo = rowOf('Echo')
    expect(within(echo).getByText('Room 42')).toBeTruthy()
    expect(within(echo).getByText('Removed')).toBeTruthy()
  })

  it('filters to one add-on and says what to do when there is nothing', async () => {
    mockFetch({ 'GET /api/installations': () => ok({ items, nextCursor: null }) })
    renderWithProviders(<InstallationsList addonId="a3" emptyTitle="Not installed anywhere yet" />)
    expect(await screen.findByText('Not installed anywhere yet')).toBeTruthy()
    expect(screen.queryByRole('table')).toBeNull()
  })
})
