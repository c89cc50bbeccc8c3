import type { BotRefusalCode } from '@tokendesk/shared/schemas/bot-key'

/** Why a call was refused, in words a bot author can act on. */
export const REFUSAL_PHRASES: Record<BotRefusalCode, string> = {
  key_revoked: 'The key is revoked',
  key_expired: 'The key has expired',
  owner_disabled: 'Your account is disabled, so your keys are suspended',
  token_not_found:
    'The key may not fetch this token: it is not bound to it, or you may no longer use it',
  token_revoked: 'The token is revoked',
  token_needs_reconnect: 'The token needs reconnecting by its owner',
  rate_limited: 'Too many requests: the key’s rate limit was exceeded',
}

export const refusalPhrase = (code: string) =>
  (REFUSAL_PHRASES as Record<string, string | undefined>)[code] ?? code
