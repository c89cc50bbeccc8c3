import type { TokenKind, TokenStatus } from './schemas/token'

export const LONG_LIVED_KINDS: readonly TokenKind[] = ['personal', 'notification']

export type ExpiryWindows = { longLivedMs: number; shortLivedMs: number }

export const DEFAULT_EXPIRY_WINDOWS: ExpiryWindows = {
  longLivedMs: 14 * 24 * 3_600_000,
  shortLivedMs: 10 * 60_000,
}

export type StatusInput = {
  kind: TokenKind
  state: 'active' | 'needs_reauth' | 'revoked'
  expiresAt: number | null
}

export function expiringWindow(kind: TokenKind, windows: ExpiryWindows = DEFAULT_EXPIRY_WINDOWS) {
  return LONG_LIVED_KINDS.includes(kind) ? windows.longLivedMs : windows.shortLivedMs
}

/**
 * What a token's health is at `now`. Stored state wins (revoked, needs re-authorisation);
 * then expiry: unknown, past, inside the kind's warning window, or fine. A token is expired
 * at exactly its expiry instant and expiring exactly `window` before it.
 */
export function tokenStatus(
  t: StatusInput,
  now: number,
  windows: ExpiryWindows = DEFAULT_EXPIRY_WINDOWS,
): TokenStatus {
  if (t.state === 'revoked') return 'revoked'
  if (t.state === 'needs_reauth') return 'needs_reauth'
  if (t.expiresAt === null) return 'unknown_expiry'
  if (t.expiresAt <= now) return 'expired'
  if (t.expiresAt - now <= expiringWindow(t.kind, windows)) return 'expiring'
  return 'valid'
}
