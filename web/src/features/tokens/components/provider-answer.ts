type ProviderResult = {
  provider: 'revoked' | 'already_invalid' | 'unreachable' | 'error' | 'skipped'
  providerStatus: number | null
}

/** What the provider said when asked to revoke, in words. */
export function describeProviderAnswer({ provider, providerStatus }: ProviderResult) {
  const status = providerStatus ? ` (HTTP ${providerStatus})` : ''
  switch (provider) {
    case 'revoked':
      return `The provider confirmed the revocation${status}.`
    case 'already_invalid':
      return `The provider says the token was already invalid${status}.`
    case 'unreachable':
      return 'The provider could not be reached, so the token may keep working there until it expires.'
    case 'error':
      return `The provider answered with an error${status}; the token may keep working there until it expires.`
    case 'skipped':
      return 'The provider was not asked (it is not trusted, or there was no value to revoke).'
  }
}
