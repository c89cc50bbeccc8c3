import {
  AUDIT_ACTION_PHRASES,
  auditActionPhrase,
  auditActorWords,
  auditTargetNoun,
  auditTargetWords,
} from '@tokendesk/shared/audit-words'
import type { AuditEvent } from '@tokendesk/shared/schemas/audit'
import { summarizeUserAgent } from '@tokendesk/shared/user-agent'

export {
  AUDIT_ACTION_PHRASES,
  auditActorWords,
  auditTargetNoun,
  auditTargetWords,
  summarizeUserAgent,
}

/** A readable name for an audit action, falling back to the raw code for new ones. */
export const auditActionLabel = auditActionPhrase

/** The action prefixes people filter by on the Audit page. */
export const AUDIT_ACTION_GROUPS = [
  { value: 'token.', label: 'Tokens' },
  { value: 'bot', label: 'Bots and bot keys' },
  { value: 'auth.', label: 'Sign-ins' },
  { value: 'user.', label: 'People' },
  { value: 'installation.', label: 'Installations' },
  { value: 'addon.', label: 'Add-ons' },
  { value: 'provider.', label: 'Providers' },
  { value: 'webhook.', label: 'Webhooks' },
] as const

const DETAIL_WORDS: Record<string, string> = {
  afterFailures: 'after failed attempts',
  breakGlass: 'break-glass',
  keyId: 'bot key',
  lastError: 'last error',
  oauthId: 'OAuth id',
  providerUrl: 'provider',
  queuedAt: 'queued at',
  roomId: 'room',
  sessionEnded: 'session ended',
  tokensRevoked: 'tokens revoked',
  userAgent: 'client',
  userId: 'person',
}

/** camelCase and snake_case keys as words: `afterFailures` → "after failures". */
const words = (key: string) =>
  DETAIL_WORDS[key] ??
  key
    .replace(/([a-z])([A-Z])/g, '$1 $2')
    .replaceAll('_', ' ')
    .toLowerCase()

function value(key: string, v: unknown) {
  if (key === 'userAgent' && typeof v === 'string') return summarizeUserAgent(v) ?? v
  if (typeof v === 'boolean') return v ? 'yes' : 'no'
  if (Array.isArray(v)) return v.length === 0 ? 'none' : v.join(', ')
  return typeof v === 'object' ? JSON.stringify(v) : String(v)
}

/**
 * The detail object as short "key: value" text (never holds secrets; the server strips them).
 * A user agent reads as its browser and system; an id the row already shows (the bot key that
 * is the actor) is left out.
 */
export function formatAuditDetail(
  event: Pick<AuditEvent, 'detail' | 'actorId' | 'targetId'>,
): string {
  if (!event.detail) return ''
  const shown = new Set([event.actorId, event.targetId].filter(Boolean))
  return Object.entries(event.detail)
    .filter(([, v]) => v !== null && v !== undefined)
    .filter(([, v]) => !(typeof v === 'string' && shown.has(v)))
    .map(([key, v]) => `${words(key)}: ${value(key, v)}`)
    .join(', ')
}
