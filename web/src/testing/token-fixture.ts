import type { TokenView } from '@tokendesk/shared/schemas/token'

/** A token as the API returns it, with overrides. */
export function makeToken(overrides: Partial<TokenView> = {}): TokenView {
  return {
    id: 'tok1',
    kind: 'personal',
    label: 'Deploy bot token',
    scopes: ['send_notification', 'view_room'],
    expiresAt: '2026-09-01T12:00:00.000Z',
    refreshExpiresAt: null,
    status: 'valid',
    ownerId: 'u1',
    ownerName: 'Ana Owner',
    ownerEmail: 'ana@example.com',
    access: 'owner',
    providerUrl: 'https://api.hipchat.com/v2/',
    installationId: null,
    groupName: null,
    roomId: null,
    roomName: null,
    providerUser: null,
    verified: true,
    refreshable: false,
    lastError: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    lastRefreshedAt: null,
    lastUsedAt: null,
    nextRefreshAt: null,
    revocationPending: false,
    revocationLastTriedAt: null,
    ...overrides,
  }
}
