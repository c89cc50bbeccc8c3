/** This feature's pages that config/paths.ts does not list yet. */
export const authPaths = {
  /** Opened from a one-time link: `/invite#<token>`. */
  invite: { path: '/invite', getHref: () => '/invite' },
  changePassword: { path: '/change-password', getHref: () => '/change-password' },
} as const
