import type { BotKeyView } from '@tokendesk/shared/schemas/bot-key'

/** A bot key as the API returns it, with overrides. */
export function makeBotKey(overrides: Partial<BotKeyView> = {}): BotKeyView {
  return {
    id: 'k1',
    name: 'deploy-bot',
    keyPrefix: 'tdk_live',
    tokens: [{ id: 'tok1', label: 'Deploy bot token' }],
    expiresAt: null,
    revokedAt: null,
    lastUsedAt: null,
    lastUsedIp: null,
    createdAt: '2026-01-01T00:00:00.000Z',
    status: 'active',
    rotatedFrom: null,
    replacedBy: null,
    lastRefusedAt: null,
    ...overrides,
  }
}
