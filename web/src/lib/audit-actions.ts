const ACTION_LABELS: Record<string, string> = {
  'auth.login': 'Signed in',
  'auth.login_failed': 'Sign-in failed',
  'auth.logout': 'Signed out',
  'bot.access': 'Bot fetched the token',
  'bot_key.created': 'Bot key created',
  'bot_key.revoked': 'Bot key revoked',
  'token.created': 'Token added',
  'token.updated': 'Token edited',
  'token.deleted': 'Token deleted',
  'token.revoked': 'Token revoked',
  'token.revealed': 'Token value revealed',
  'token.copied': 'Token value copied',
  'token.refreshed': 'Token refreshed',
  'token.refresh_failed': 'Refresh failed',
  'token.needs_reauth': 'Needs reconnecting',
  'token.share_added': 'Shared',
  'token.share_removed': 'Share removed',
  'token.owner_changed': 'Owner changed',
  'user.created': 'Person added',
  'user.updated': 'Person changed',
  'user.password_changed': 'Password changed',
}

/** A readable name for an audit action, falling back to the raw code for new ones. */
export function auditActionLabel(action: string) {
  return ACTION_LABELS[action] ?? action
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
