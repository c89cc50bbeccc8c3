import type { AccessLevel, TokenAction, TokenView } from '@tokendesk/shared/schemas/token'

/** What the server's policy allows each kind of viewer, so a fixture's `access` and `allowed` agree. */
export const ALLOWED_BY_ACCESS: Record<AccessLevel, TokenAction[]> = {
  owner: [
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
  ],
  use: ['token.read_meta', 'token.read_value', 'token.bind_key', 'token.refresh'],
  view: ['token.read_meta'],
  admin: [
    'token.read_meta',
    'token.refresh',
    'token.delete',
    'token.revoke',
    'token.reassign',
    'token.read_shares',
    'token.read_audit',
  ],
}

/** A token as the API returns it, with overrides; `allowed` follows `access` unless given. */
export function makeToken(overrides: Partial<TokenView> = {}): TokenView {
  const access = overrides.access ?? 'owner'
  return {
    id: 'tok1',
    kind: 'personal',
    label: 'Deploy bot token',
    scopes: ['send_notification', 'view_room'],
    expiresAt: '2026-09-01T12:00:00.000Z',
    providerExpiresAt: null,
    expiryManual: false,
    refreshExpiresAt: null,
    status: 'valid',
    ownerId: 'u1',
    ownerName: 'Ana Owner',
    ownerEmail: 'ana@example.com',
    generation: 1,
    access,
    allowed: ALLOWED_BY_ACCESS[access],
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
