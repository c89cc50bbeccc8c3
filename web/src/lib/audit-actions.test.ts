import { describe, expect, it } from 'vitest'
import { makeAuditEvent } from '@/testing/audit-fixture'
import { auditActionLabel, auditActorWords } from './audit-actions'

describe('auditActorWords', () => {
  it.each([
    [{ actorType: 'person', actorName: 'Owen', actorEmail: 'owen@example.com' }, 'by Owen'],
    [
      { actorType: 'person', actorName: null, actorEmail: 'owen@example.com' },
      'by owen@example.com',
    ],
    // A sharee sees lifecycle events of others without their name or email.
    [{ actorType: 'person' }, 'by another person'],
    [{ actorType: 'bot_key', actorName: 'deploy-bot' }, 'by bot key deploy-bot'],
    [{ actorType: 'bot_key' }, 'by a bot key'],
    [{ actorType: 'refresher' }, 'by the background refresher'],
    [{ actorType: 'system' }, 'by the system'],
    [{ actorType: null }, 'by a bot or the system'],
  ] as const)('says who for %o', (actor, words) => {
    expect(auditActorWords(makeAuditEvent(actor))).toBe(words)
  })
})

describe('auditActionLabel', () => {
  it('has words for the actions the server records since reconnect and the outbox', () => {
    expect(auditActionLabel('token.reconnected')).toBe('Reconnected at the provider')
    for (const action of [
      'token.revocation_pending',
      'token.revocation_done',
      'token.revocation_confirmed',
      'token.revocation_given_up',
      'auth.password_failed',
      'installation.uninstall_refused',
      'installation.installed',
      'installation.reinstalled',
      'installation.removed',
      'addon.created',
      'provider.created',
      'webhook.created',
      'webhook.deleted',
      'user.setup',
      'user.bootstrap',
    ])
      expect(auditActionLabel(action)).not.toBe(action)
  })
})
