import type { TokenView } from '@tokendesk/shared/schemas/token'

/** Starts the provider's consent flow again for a user token whose grant stopped working. */
export function reconnectHref(token: Pick<TokenView, 'installationId' | 'scopes'>) {
  if (!token.installationId) return null
  const query = new URLSearchParams({ scopes: token.scopes.join(' ') })
  return `/api/installations/${encodeURIComponent(token.installationId)}/authorize?${query}`
}

/** A full page load: the server answers with a redirect to the provider. */
export function reconnect(href: string) {
  window.location.assign(href)
}
