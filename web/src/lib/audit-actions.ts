import type { AuditEvent } from '@tokendesk/shared/schemas/audit'

const ACTION_LABELS: Record<string, string> = {
  'addon.created': 'Add-on created',
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.logout': 'Signed out',
  'auth.password_failed': 'Wrong password entered',
  'bot.access': 'Bot fetched the token',
  'bot_key.created': 'Bot key created',
  'bot_key.revoked': 'Bot key revoked',
  'installation.installed': 'Add-on installed',
  'installation.reinstalled': 'Add-on reinstalled',
  'installation.removed': 'Installation removed',
  'installation.uninstall_refused': 'Uninstall refused (not confirmed by the provider)',
  'provider.created': 'Provider added',
  'token.created': 'Token added',
  'token.updated': 'Token edited',
  'token.deleted': 'Token deleted',
  'token.revoked': 'Token revoked',
  'token.revealed': 'Token value revealed',
  'token.copied': 'Token value copied',
  'token.refreshed': 'Token refreshed',
  'token.refresh_failed': 'Refresh failed',
  'token.needs_reauth': 'Needs reconnecting',
  'token.reconnected': 'Reconnected at the provider',
  'token.revocation_pending': 'Revocation pending at the provider',
  'token.revocation_done': 'Provider confirmed the revocation',
  'token.revocation_confirmed': 'Provider confirmed the revocation',
  'token.revocation_given_up': 'Provider never confirmed the revocation',
  'token.share_added': 'Shared',
  'token.share_removed': 'Share removed',
  'token.owner_changed': 'Owner changed',
  'user.bootstrap': 'First admin created from the server config',
  'user.setup': 'First admin created with the setup link',
  'user.created': 'Person added',
  'user.updated': 'Person changed',
  'user.password_changed': 'Password changed',
  'webhook.created': 'Webhook added',
  'webhook.deleted': 'Webhook removed',
}

/** A readable name for an audit action, falling back to the raw code for new ones. */
export function auditActionLabel(action: string) {
  return ACTION_LABELS[action] ?? action
}

type AuditActor = Pick<AuditEvent, 'actorType' | 'actorName' | 'actorEmail'>

/** Who did it, in words: "by Owen", "by bot key deploy-bot", "by the background refresher". */
export function auditActorWords({ actorType, actorName, actorEmail }: AuditActor) {
  switch (actorType) {
    case 'person':
      // A sharee's view hides other people's names and emails.
      return `by ${actorName ?? actorEmail ?? 'another person'}`
    case 'bot_key':
      return actorName ? `by bot key ${actorName}` : 'by a bot key'
    case 'refresher':
      return 'by the background refresher'
    case 'system':
      return 'by the system'
    default:
      // Recorded before actors had a type.
      return actorEmail ? `by ${actorEmail}` : 'by a bot or the system'
  }
}

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

/** The detail object as short "key: value" text (never holds secrets; the server strips them). */
export function formatAuditDetail(detail: Record<string, unknown> | null): string {
  if (!detail) return ''
  return Object.entries(detail)
    .filter(([, value]) => value !== null && value !== undefined)
    .map(([key, value]) => `${key}: ${typeof value === 'object' ? JSON.stringify(value) : value}`)
    .join(', ')
}
