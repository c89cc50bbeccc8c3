import type { TokenView } from '@tokendesk/shared/schemas/token'

/** Kinds a person approved at the provider (authorization code): only these can reconnect. */
const APPROVED_KINDS: ReadonlySet<TokenView['kind']> = new Set(['user', 'oauth'])

/**
 * Where Reconnect goes: the server sends the browser to the provider's consent and, on the
 * way back, renews this same token (same id, shares and bot keys). Null for other kinds.
 */
export function reconnectHref(token: Pick<TokenView, 'id' | 'kind'>) {
  if (!APPROVED_KINDS.has(token.kind)) return null
  return `/api/tokens/${encodeURIComponent(token.id)}/reconnect`
}

/** A full page load: the server answers with a redirect to the provider. */
export function reconnect(href: string) {
  window.location.assign(href)
}
