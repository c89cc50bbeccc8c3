export const paths = {
  home: { path: '/', getHref: () => '/' },
  login: { path: '/login', getHref: () => '/login' },
  setup: { path: '/setup', getHref: () => '/setup' },
  tokens: { path: '/tokens', getHref: () => '/tokens' },
  installations: { path: '/installations', getHref: () => '/installations' },
  addons: { path: '/add-ons', getHref: () => '/add-ons' },
  botKeys: { path: '/bot-keys', getHref: () => '/bot-keys' },
  audit: { path: '/audit', getHref: () => '/audit' },
  people: { path: '/people', getHref: () => '/people' },
  account: { path: '/account', getHref: () => '/account' },
} as const

/** Only same-app paths may be returned to after sign-in; anything else goes home. */
export function safeReturnPath(candidate: unknown): string {
  if (typeof candidate !== 'string') return paths.home.getHref()
  if (!candidate.startsWith('/') || candidate.startsWith('//') || candidate.includes('\\')) {
    return paths.home.getHref()
  }
  if (candidate === paths.login.path || candidate === paths.setup.path) return paths.home.getHref()
  return candidate
}
