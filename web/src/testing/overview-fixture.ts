import type { Overview } from '@tokendesk/shared/schemas/overview'

const NOW = '2026-03-01T12:00:00.000Z'

/** An overview as the API returns it, with overrides. */
export function makeOverview(overrides: Partial<Overview> = {}): Overview {
  return {
    now: NOW,
    counts: {
      valid: 120,
      expiring: 3,
      expired: 1,
      needs_reauth: 2,
      revoked: 0,
      unknown_expiry: 4,
    },
    total: 130,
    thresholds: { longLivedDays: 30, shortLivedMinutes: 60, alertDays: [30, 7, 1] },
    timeline: [
      {
        id: 'tok-soon',
        label: 'Deploy bot token',
        kind: 'personal',
        status: 'expiring',
        expiresAt: '2026-03-04T12:00:00.000Z',
      },
      {
        id: 'tok-later',
        label: 'Ops room alerts',
        kind: 'notification',
        status: 'valid',
        expiresAt: '2026-05-01T12:00:00.000Z',
      },
    ],
    timelineTruncated: false,
    refreshHealth: Array.from({ length: 25 }, (_, i) => ({
      hour: new Date(Date.parse(NOW) - (24 - i) * 3_600_000).toISOString(),
      succeeded: i % 2,
      failed: i === 20 ? 2 : 0,
      retried: 0,
    })),
    failing: [
      {
        id: 'tok-fail',
        label: 'CI user token',
        kind: 'user',
        status: 'needs_reauth',
        lastError: 'invalid_grant: refresh token revoked',
        failingSince: '2026-03-01T10:00:00.000Z',
      },
    ],
    activity: [
      {
        id: 7,
        at: '2026-03-01T11:00:00.000Z',
        actorId: 'u1',
        actorEmail: 'ana@example.com',
        actorType: 'person',
        actorName: 'Ana',
        action: 'token.refreshed',
        targetType: 'token',
        targetId: 'tok-soon',
        ownerId: 'u1',
        ip: null,
        userAgent: null,
        detail: null,
      },
    ],
    failingProviders: [],
    ...overrides,
  }
}
