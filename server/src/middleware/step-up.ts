import { createMiddleware } from 'hono/factory'
import type { AppDeps, AppEnv } from '../app-env'
import { fail } from '../lib/http-error'

/** Reveal, copy, binding a token to a bot key and break-glass reassignment need this (ASVS 7.5). */
export const STEP_UP_MS = 10 * 60_000

export function hasRecentAuth(auth: AppEnv['Variables']['auth'], now: number) {
  return auth !== null && now - auth.authenticatedAt <= STEP_UP_MS
}

/** Throws 401 `reauth_required` unless the password was entered within the window. */
export function stepUp(auth: AppEnv['Variables']['auth'], now: number) {
  if (!hasRecentAuth(auth, now))
    fail(401, 'reauth_required', 'Enter your password again to continue')
}

/** 401 `reauth_required` unless the caller entered their password within the step-up window. */
export function requireRecentAuth(deps: Pick<AppDeps, 'clock'>) {
  return createMiddleware<AppEnv>(async (c, next) => {
    stepUp(c.get('auth'), deps.clock())
    await next()
  })
}
