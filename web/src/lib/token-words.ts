import type { TokenKind, TokenStatus } from '@tokendesk/shared/schemas/token'
import type { BadgeTone } from '@/components/ui/status-badge'

/** One set of words for token kinds and statuses, so a token reads the same on every page. */
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
