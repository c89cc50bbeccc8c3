import { describe, expect, it } from 'vitest'
import { makeAuditEvent } from '@/testing/audit-fixture'
import { recentBotKeyUsage } from './bot-key-usage'

const NOW = Date.parse('2026-03-01T00:00:00.000Z')
const use = (id: number, keyId: string, at: string, count: number, actorName: string | null) =>
  makeAuditEvent({
    id,
    at,
    action: 'bot.access',
    actorType: 'bot_key',
    actorId: keyId,
    actorName,
    detail: { keyId, count },
  })

describe('recentBotKeyUsage', () => {
  it('sums the last 30 days per key, newest first, with the name the audit gives', () => {
    const usage = recentBotKeyUsage(
      [
        use(1, 'k1', '2026-02-28T00:00:00.000Z', 3, 'deploy-bot'),
        use(2, 'k1', '2026-02-27T00:00:00.000Z', 2, 'deploy-bot'),
        use(3, 'k2', '2026-02-20T00:00:00.000Z', 1, null),
        use(4, 'k3', '2026-01-01T00:00:00.000Z', 9, 'old-bot'),
      ],
      NOW,
    )
    expect(usage).toEqual([
      { keyId: 'k1', name: 'deploy-bot', count: 5, lastAt: '2026-02-28T00:00:00.000Z' },
      { keyId: 'k2', name: null, count: 1, lastAt: '2026-02-20T00:00:00.000Z' },
    ])
  })
})
