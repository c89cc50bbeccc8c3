import type { AuditEvent } from '@tokendesk/shared/schemas/audit'

/** An audit event as the API returns it, with overrides. */
export function makeAuditEvent(overrides: Partial<AuditEvent> = {}): AuditEvent {
  return {
    id: 1,
    at: '2026-01-01T00:00:00.000Z',
    actorId: null,
    actorEmail: null,
    actorType: null,
    actorName: null,
    action: 'token.refreshed',
    targetType: 'token',
    targetId: 'tok1',
    ownerId: 'u1',
    ip: null,
    userAgent: null,
    detail: null,
    ...overrides,
  }
}

/** One of each kind of actor, as the server records them. */
export const ACTOR_EVENTS: AuditEvent[] = [
  makeAuditEvent({
    id: 4,
    actorId: 'u1',
    actorType: 'person',
    actorName: 'Owen',
    actorEmail: 'owen@example.com',
  }),
  makeAuditEvent({ id: 3, actorId: 'k1', actorType: 'bot_key', actorName: 'deploy-bot' }),
  makeAuditEvent({ id: 2, actorType: 'refresher' }),
  makeAuditEvent({ id: 1, action: 'token.revocation_given_up', actorType: 'system' }),
]
