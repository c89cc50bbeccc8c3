type Filters = Readonly<Record<string, string | undefined>>

/**
 * Every query key the app uses, built in one place so a query and the invalidations that target
 * it cannot drift apart. Keys nest: invalidating a prefix (say `tokens.all()`) covers every key
 * built from it.
 */
export const queryKeys = {
  auth: {
    me: () => ['auth', 'me'] as const,
    setupStatus: () => ['auth', 'setup-status'] as const,
    /** What an invite link offers, before the person has an account. */
    invite: (token: string) => ['auth', 'invite', token] as const,
  },
  users: {
    /** Also the prefix of the pending invites. */
    list: () => ['users'] as const,
    invites: () => ['users', 'invites'] as const,
  },
  tokens: {
    /** Lists, details with their shares and audit, per-installation and bindable lists. */
    all: () => ['tokens'] as const,
    lists: () => ['tokens', 'list'] as const,
    list: (filters: Filters) => ['tokens', 'list', filters] as const,
    detail: (id: string) => ['tokens', 'detail', id] as const,
    shares: (id: string) => ['tokens', 'detail', id, 'shares'] as const,
    audit: (id: string) => ['tokens', 'detail', id, 'audit'] as const,
    byInstallation: (installationId: string) =>
      ['tokens', 'by-installation', installationId] as const,
    /** The tokens a bot key may be bound to. */
    bindable: () => ['tokens', 'bindable'] as const,
  },
  audit: {
    list: (filters: Filters) => ['audit', filters] as const,
  },
  addons: {
    /** Also the prefix of every add-on's own key. */
    list: () => ['addons'] as const,
    detail: (id: string) => ['addons', id] as const,
  },
  installations: {
    /** Also the prefix of every installation's own key. */
    list: () => ['installations'] as const,
    detail: (id: string) => ['installations', id] as const,
  },
  providers: {
    /** Also the prefix of the trusted-provider picker's list. */
    list: () => ['providers'] as const,
    trusted: () => ['providers', 'trusted'] as const,
  },
  botKeys: {
    /** Also the prefix of every key's refused calls. */
    list: () => ['bot-keys'] as const,
    failures: (id: string) => ['bot-keys', id, 'failures'] as const,
    apiSpec: () => ['bot-api', 'openapi'] as const,
  },
  notifications: {
    list: () => ['notifications'] as const,
    alertSettings: () => ['alert-settings'] as const,
  },
  webhooks: {
    /** Also the prefix of every webhook's delivery log. */
    list: () => ['webhooks'] as const,
    deliveries: (id: string) => ['webhooks', id, 'deliveries'] as const,
  },
  overview: () => ['overview'] as const,
}
