import type { WindowLimit } from '../window-throttle'

/** Each uninstall check spends the installation's credentials at the provider; a stranger can ask. */
export const UNINSTALL_LIMIT = 5
export const UNINSTALL_WINDOW_MS = 15 * 60_000
export const UNINSTALL_ATTEMPTS: WindowLimit = {
  prefix: 'uninstall:',
  limit: UNINSTALL_LIMIT,
  windowMs: UNINSTALL_WINDOW_MS,
}

/** Install callbacks that fail, per caller address: each one makes us call a provider. */
export const INSTALL_FAILURES: WindowLimit = {
  prefix: 'install-ip:',
  limit: 20,
  windowMs: 15 * 60_000,
}
