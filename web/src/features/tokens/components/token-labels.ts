import type { AccessLevel, TokenAction, TokenView } from '@tokendesk/shared/schemas/token'

/** Words for the "Your access" line only; what a person may do comes from `allowed`. */
export const ACCESS_LABELS: Record<AccessLevel, string> = {
  owner: 'Owner',
  use: 'Can use',
  view: 'Can view',
  admin: 'Admin (metadata only)',
}

/** The server's policy decides; the browser only shows what `allowed` lists. */
export function can(token: Pick<TokenView, 'allowed'>, action: TokenAction) {
  return token.allowed.includes(action)
}
