import type { AuditEvent } from './schemas/audit'

/**
 * A phrase for every action the server records. `audit-phrases.test.ts` (server) reads the
 * server's sources and fails for an action missing here.
 */
export const AUDIT_ACTION_PHRASES: Record<string, string> = {
  'addon.created': 'Add-on registered',
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.logout': 'Signed out',
  'auth.password_failed': 'Wrong password entered',
  'bot.access': 'Bot fetched the token',
  'bot_key.created': 'Bot key created',
  'bot_key.revoked': 'Bot key revoked',
  'bot_key.rotated': 'Bot key rotated (a new key replaces it)',
  'bot_key.tokens_changed': 'Bot key’s tokens changed',
  'installation.installed': 'Add-on installed',
  'installation.reinstalled': 'Add-on reinstalled',
  'installation.removed': 'Installation removed',
  'installation.uninstall_refused': 'Uninstall refused (not confirmed by the provider)',
  'invite.created': 'Invite link created',
  'invite.revoked': 'Invite link withdrawn',
  'provider.created': 'Provider added',
  'token.created': 'Token added',
  'token.updated': 'Token edited',
  'token.rechecked': 'Token re-checked with the provider',
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
  'user.password_reset': 'Password set by an admin',
  'user.invite_accepted': 'Joined with an invite link',
  'webhook.created': 'Webhook added',
  'webhook.deleted': 'Webhook removed',
  'webhook.test_sent': 'Test event sent to the webhook',
  'webhook.redelivered': 'Webhook delivery sent again',
}

/** The phrase for an action, falling back to the raw code for one recorded by a newer server. */
export function auditActionPhrase(action: string) {
  return AUDIT_ACTION_PHRASES[action] ?? action
}

const TARGET_NOUNS: Record<string, string> = {
  token: 'Token',
  user: 'Person',
  bot_key: 'Bot key',
  installation: 'Installation',
  addon: 'Add-on',
  provider: 'Provider',
  webhook: 'Webhook',
  invite: 'Invite',
}

/** "Token", "Bot key", … for a target type; unknown types read as their code in words. */
export function auditTargetNoun(targetType: string) {
  return TARGET_NOUNS[targetType] ?? capitalize(targetType.replaceAll('_', ' '))
}

type AuditTarget = Pick<AuditEvent, 'targetType' | 'targetId' | 'targetName'>

/**
 * The target in words: `Token “Deploy bot”` when the viewer may see its name, else the noun and
 * the id (a deleted row, or one the viewer cannot see). Empty when the event has no target.
 */
export function auditTargetWords({ targetType, targetId, targetName }: AuditTarget) {
  if (!targetType) return ''
  const noun = auditTargetNoun(targetType)
  if (targetName) return `${noun} “${targetName}”`
  return targetId ? `${noun} ${targetId}` : noun
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

const capitalize = (words: string) => words.charAt(0).toUpperCase() + words.slice(1)
