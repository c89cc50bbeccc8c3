import { describe, expect, it } from 'vitest'
import { makeAuditEvent } from '@/testing/audit-fixture'
import {
  AUDIT_ACTION_PHRASES,
  auditActionLabel,
  auditActorWords,
  auditTargetWords,
  formatAuditDetail,
} from './audit-actions'

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
  it('has words for the actions people saw as raw codes', () => {
    expect(auditActionLabel('token.reconnected')).toBe('Reconnected at the provider')
    expect(auditActionLabel('installation.installed')).toBe('Add-on installed')
    expect(auditActionLabel('addon.created')).toBe('Add-on registered')
    expect(auditActionLabel('user.setup')).toBe('First admin created with the setup link')
  })

  it('phrases every action as words, never as a code (the server test lists them all)', () => {
    for (const [action, phrase] of Object.entries(AUDIT_ACTION_PHRASES)) {
      expect(phrase).not.toBe(action)
      expect(phrase).toMatch(/^[A-Z]/)
      expect(phrase).not.toMatch(/[._]/)
    }
  })

  it('shows the code of an action this page does not know yet', () => {
    expect(auditActionLabel('thing.happened')).toBe('thing.happened')
  })
})

describe('auditTargetWords', () => {
  it.each([
    [{ targetType: 'token', targetId: 't1', targetName: 'Deploy bot' }, 'Token “Deploy bot”'],
    [{ targetType: 'bot_key', targetId: 'k1', targetName: 'ci' }, 'Bot key “ci”'],
    [{ targetType: 'user', targetId: 'u1', targetName: 'Ada' }, 'Person “Ada”'],
    [{ targetType: 'token', targetId: 't1', targetName: null }, 'Token t1'],
    [{ targetType: 'room_thing', targetId: null, targetName: null }, 'Room thing'],
    [{ targetType: null, targetId: null, targetName: null }, ''],
  ] as const)('names %o', (target, words) => {
    expect(auditTargetWords(target)).toBe(words)
  })
})

describe('formatAuditDetail', () => {
  it('reads keys as words, a user agent as a browser, and leaves out the acting key’s id', () => {
    expect(
      formatAuditDetail(
        makeAuditEvent({
          actorId: 'k1',
          detail: {
            keyId: 'k1',
            count: 2,
            afterFailures: 1,
            userAgent: 'Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) Gecko/20100101 Firefox/127.0',
            breakGlass: true,
            skipped: null,
          },
        }),
      ),
    ).toBe('count: 2, after failed attempts: 1, client: Firefox on macOS, break-glass: yes')
  })

  it('is empty without a detail', () => {
    expect(formatAuditDetail(makeAuditEvent({ detail: null }))).toBe('')
  })
})
