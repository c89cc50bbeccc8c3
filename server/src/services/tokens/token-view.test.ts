import { tokenViewSchema } from '@tokendesk/shared/schemas/token'
import { describe, expect, it } from 'vitest'
import { type TokenRow, toTokenView } from './token-view'

const row: TokenRow = {
  id: 'tok1',
  ownerId: 'owner1',
  kind: 'user',
  label: 'Deploy',
  providerUrl: 'https://api.hipchat.com/v2/',
  providerId: null,
  installationId: 'inst1',
  grant: 'authorization_code',
  scopes: ['view_room'],
  groupId: '1',
  groupName: 'Group',
  roomId: null,
  roomName: null,
  providerUser: { id: '3', name: 'Ada' },
  accessTokenEnc: 'v1.abcd1234.SECRET-IV.SECRET-CIPHERTEXT',
  refreshTokenEnc: 'v1.abcd1234.SECRET-IV2.SECRET-REFRESH',
  expiresAt: Date.parse('2026-01-01T01:00:00Z'),
  expirySort: Date.parse('2026-01-01T01:00:00Z'),
  refreshExpiresAt: null,
  status: 'active',
  verified: true,
  providerExpiresAt: null,
  expiryManual: false,
  fingerprint: 'SECRET-FINGERPRINT',
  generation: 4,
  leaseOwner: 'SECRET-LEASE',
  leaseUntil: 1,
  lastError: null,
  failCount: 0,
  nextAttemptAt: null,
  failingSince: null,
  createdAt: Date.parse('2026-01-01T00:00:00Z'),
  updatedAt: Date.parse('2026-01-01T00:00:00Z'),
  lastRefreshedAt: Date.parse('2026-01-01T00:00:00Z'),
  lastUsedAt: null,
}

describe('toTokenView', () => {
  const view = toTokenView(row, {
    owner: { name: 'Ann', email: 'ann@example.com' },
    access: 'owner',
    allowed: ['token.read_meta'],
    now: Date.parse('2026-01-01T00:30:00Z'),
  })

  it('carries no ciphertext, fingerprint or lease data, and matches the wire schema exactly', () => {
    expect(JSON.stringify(view)).not.toMatch(/SECRET|v1\./)
    expect(Object.keys(view).sort()).toEqual(Object.keys(tokenViewSchema.shape).sort())
    expect(tokenViewSchema.strict().parse(view)).toEqual(view)
  })

  it('derives status, refreshability and the next refresh (last tenth of the lifetime, at least 5 min)', () => {
    expect(view).toMatchObject({
      status: 'valid',
      refreshable: true,
      expiresAt: '2026-01-01T01:00:00.000Z',
    })
    expect(view.nextRefreshAt).toBe('2026-01-01T00:54:00.000Z')
    const pasted = toTokenView(
      { ...row, grant: 'pasted', refreshTokenEnc: null, kind: 'personal' },
      { owner: { name: 'Ann', email: 'a' }, access: 'owner', allowed: [], now: 0 },
    )
    expect(pasted).toMatchObject({ refreshable: false, nextRefreshAt: null })
  })
})
