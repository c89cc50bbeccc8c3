import { getCookie } from 'hono/cookie'
import { createMiddleware } from 'hono/factory'
import type { AppDeps, AppEnv } from '../app-env'
import { fail } from '../lib/http-error'
import { resolveSession } from '../services/auth/login-sessions'

/** Hono adds the `__Host-` prefix itself when the cookie is written with `prefix: 'host'`. */
export const SESSION_COOKIE = 'sid'

/** All a session may do while its person must replace a password an admin chose. */
const OPEN_WHILE_CHANGING_PASSWORD = new Set([
  'GET /api/auth/me',
  'GET /api/auth/setup',
  'POST /api/auth/password',
  'POST /api/auth/logout',
  'POST /api/auth/login',
  'POST /api/auth/invite',
  'POST /api/auth/invite/accept',
])

/**
 * Loads the caller's session (or null) into `c.var.auth`; a person who must change their password
 * gets 403 `password_change_required` from everything else.
 */
export function loadSession(deps: AppDeps) {
  const prefix = deps.config.secureCookies ? ('host' as const) : undefined
  const policy = { idleMs: deps.config.sessionIdleMs, absoluteMs: deps.config.sessionAbsoluteMs }
  return createMiddleware<AppEnv>(async (c, next) => {
    const secret = getCookie(c, SESSION_COOKIE, prefix)
    const found = secret ? await resolveSession(deps.db, deps.clock(), secret, policy) : null
    c.set(
      'auth',
      found
        ? { user: found.user, sessionIdHash: found.idHash, authenticatedAt: found.authenticatedAt }
        : null,
    )
    if (found?.user.mustChangePassword) {
      const route = `${c.req.method} ${c.req.path}`
      if (!OPEN_WHILE_CHANGING_PASSWORD.has(route)) {
        fail(403, 'password_change_required', 'Choose a new password before doing anything else')
      }
    }
    await next()
  })
}

export const requireUser = createMiddleware<AppEnv>(async (c, next) => {
  if (!c.get('auth')) fail(401, 'unauthenticated', 'Sign in first')
  await next()
})

export const requireAdmin = createMiddleware<AppEnv>(async (c, next) => {
  const auth = c.get('auth')
  if (!auth) fail(401, 'unauthenticated', 'Sign in first')
  // Admin-only resources are invisible to others, as any foreign id is.
  if (auth.user.role !== 'admin') fail(404, 'not_found', 'Resource not found')
  await next()
})

type AuthContext = { get(key: 'auth'): AppEnv['Variables']['auth'] }

/** The signed-in session; only call behind `requireUser`. */
export function currentAuth(c: AuthContext) {
  const auth = c.get('auth')
  if (!auth) return fail(401, 'unauthenticated', 'Sign in first')
  return auth
}

/** The signed-in user; only call behind `requireUser`. */
export function currentUser(c: AuthContext) {
  return currentAuth(c).user
}
