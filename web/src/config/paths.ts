export const paths = {
  home: { path: '/', getHref: () => '/' },
  login: { path: '/login', getHref: () => '/login' },
  setup: { path: '/setup', getHref: () => '/setup' },
  overview: { path: '/overview', getHref: () => '/overview' },
  tokens: {
    path: '/tokens',
    /** Filters travel in the query, e.g. `getHref({ status: 'expiring' })` for a counter link. */
    getHref: (filters: { status?: string; kind?: string; scope?: string } = {}) => {
      const set = Object.entries(filters).filter((e): e is [string, string] => Boolean(e[1]))
      const query = new URLSearchParams(set).toString()
      return query ? `/tokens?${query}` : '/tokens'
    },
  },
  tokenDetail: {
    path: '/tokens/:id',
    getHref: (id: string) => `/tokens/${encodeURIComponent(id)}`,
  },
  installations: { path: '/installations', getHref: () => '/installations' },
  installationDetail: {
    path: '/installations/:id',
    getHref: (id: string) => `/installations/${encodeURIComponent(id)}`,
  },
  addons: { path: '/add-ons', getHref: () => '/add-ons' },
  addonDetail: {
    path: '/add-ons/:id',
    getHref: (id: string) => `/add-ons/${encodeURIComponent(id)}`,
  },
  providers: { path: '/providers', getHref: () => '/providers' },
  alertSettings: { path: '/settings/alerts', getHref: () => '/settings/alerts' },
  botKeys: { path: '/bot-keys', getHref: () => '/bot-keys' },
  botKeyDocs: { path: '/bot-keys/docs', getHref: () => '/bot-keys/docs' },
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
