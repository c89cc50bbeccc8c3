import { env } from '@/config/env'

/** The server answers with a 302 to the provider's authorization page: it must be a page load. */
export function providerAuthorizeUrl(id: string, scopes: string[] = []) {
  const base = `${env.apiBase}/providers/${encodeURIComponent(id)}/authorize`
  return scopes.length ? `${base}?${new URLSearchParams({ scopes: scopes.join(' ') })}` : base
}

export function startProviderConnection(id: string, scopes: string[] = []) {
  window.location.assign(providerAuthorizeUrl(id, scopes))
}
