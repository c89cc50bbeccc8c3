import type { AccessLevel, TokenKind, TokenStatus } from '@tokendesk/shared/schemas/token'
import type { BadgeTone } from '@/components/ui/status-badge'

export const KIND_LABELS: Record<TokenKind, string> = {
  addon: 'Add-on',
  user: 'User',
  personal: 'Personal',
  notification: 'Room notification',
  oauth: 'OAuth',
}

export const STATUS_LABELS: Record<TokenStatus, { label: string; tone: BadgeTone }> = {
  valid: { label: 'Valid', tone: 'success' },
  expiring: { label: 'Expiring soon', tone: 'warning' },
  expired: { label: 'Expired', tone: 'danger' },
  needs_reauth: { label: 'Needs reconnect', tone: 'danger' },
  revoked: { label: 'Revoked', tone: 'neutral' },
  unknown_expiry: { label: 'Expiry unknown', tone: 'info' },
}

export const ACCESS_LABELS: Record<AccessLevel, string> = {
  owner: 'Owner',
  use: 'Can use',
  view: 'Can view',
  admin: 'Admin (metadata only)',
}

/** Owners and `use` shares may see the value; admins and `view` shares only metadata. */
export function canUseValue(access: AccessLevel) {
  return access === 'owner' || access === 'use'
}

export function canRemove(access: AccessLevel) {
  return access === 'owner' || access === 'admin'
}
