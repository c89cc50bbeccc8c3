import type { TokenKind, TokenStatus } from '@tokendesk/shared/schemas/token'
import type { BadgeTone } from '@/components/ui/status-badge'

// Same words as the Tokens pages use, so a token reads the same everywhere.
export const TOKEN_STATUS: Record<TokenStatus, { label: string; tone: BadgeTone }> = {
  valid: { label: 'Valid', tone: 'success' },
  expiring: { label: 'Expiring soon', tone: 'warning' },
  expired: { label: 'Expired', tone: 'danger' },
  needs_reauth: { label: 'Needs reconnect', tone: 'danger' },
  revoked: { label: 'Revoked', tone: 'neutral' },
  unknown_expiry: { label: 'Expiry unknown', tone: 'info' },
}

export const TOKEN_KIND: Record<TokenKind, string> = {
  addon: 'Add-on',
  user: 'User',
  personal: 'Personal',
  notification: 'Room notification',
  oauth: 'OAuth',
}
