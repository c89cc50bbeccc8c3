import { SCOPES } from './scopes'

export interface CapabilitiesDocument {
  key: string
  name: string
  description: string
  vendor: { name: string; url: string }
  links: { self: string; api: string; homepage: string; subdomain: string }
  capabilities: {
    oauth2Provider: { authorizationUrl: string; tokenUrl: string }
    hipchatApiProvider: {
      url: string
      availableScopes: Record<string, { id: string; name: string; description: string }>
    }
  }
}

/** docs/hipchat-protocol.md §4.4; `base` is the origin it is served from, without trailing slash. */
export function capabilitiesDocument(base: string): CapabilitiesDocument {
  const availableScopes = Object.fromEntries(
    Object.entries(SCOPES).map(([id, s]) => [id, { id, name: s.name, description: s.description }]),
  )
  return {
    key: 'hipchat',
    name: 'HipChat',
    description: 'Group chat and IM built for teams (Token Desk emulator)',
    vendor: { name: 'Token Desk HipChat emulator', url: `${base}/` },
    links: {
      self: `${base}/v2/capabilities`,
      api: `${base}/v2`,
      homepage: `${base}/`,
      subdomain: `${base}/`,
    },
    capabilities: {
      oauth2Provider: {
        authorizationUrl: `${base}/users/authorize`,
        tokenUrl: `${base}/v2/oauth/token`,
      },
      hipchatApiProvider: { url: `${base}/v2/`, availableScopes },
    },
  }
}
