import { env } from '@/config/env'

/** The server answers with a 302 to the provider's consent page, so it must be a page load. */
export function installationAuthorizeUrl(id: string, scopes: string[]) {
  const query = new URLSearchParams({ scopes: scopes.join(',') })
  return `${env.apiBase}/installations/${encodeURIComponent(id)}/authorize?${query}`
}

export function startUserConnection(id: string, scopes: string[]) {
  window.location.assign(installationAuthorizeUrl(id, scopes))
}
