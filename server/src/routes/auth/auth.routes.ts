import {
  changePasswordInputSchema,
  loginInputSchema,
  reauthInputSchema,
  setupInputSchema,
} from '@tokendesk/shared/schemas/user'
import { eq } from 'drizzle-orm'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import type { AppDeps, AppEnv } from '../../app-env'
import { users } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { fail } from '../../lib/http-error'
import { hashPassword } from '../../lib/password'
import { validate } from '../../lib/validate'
import { currentUser, requireUser, SESSION_COOKIE } from '../../middleware/session'
import { recordAudit } from '../../services/audit'
import { verifyPasswordThrottled } from '../../services/password-check'
import {
  createSession,
  endSession,
  endUserSessions,
  touchAuthentication,
} from '../../services/sessions'
import { completeSetup, type SetupGate } from '../../services/setup'
import { countUsers, toUserView } from '../../services/users'

export function authRoutes(deps: AppDeps, setup: SetupGate) {
  const { db, clock, config } = deps
  const cookieName = SESSION_COOKIE

  function startSession(c: Context<AppEnv>, userId: string) {
    const secret = createSession(db, clock(), userId, {
      ...who(c, config.trustProxy),
      userAgent: c.req.header('user-agent') ?? null,
    })
    setCookie(c, cookieName, secret, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: config.secureCookies,
      ...(config.secureCookies ? { prefix: 'host' as const } : {}),
      maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
    })
  }

  return new Hono<AppEnv>()
    .get('/setup', (c) => c.json({ needed: countUsers(db) === 0 }, 200))
    .post('/setup', validate('json', setupInputSchema), async (c) => {
      const row = await completeSetup(deps, setup, c.req.valid('json'), who(c, config.trustProxy))
      startSession(c, row.id)
      return c.json(toUserView(row), 201)
    })
    .post('/login', validate('json', loginInputSchema), async (c) => {
      const { email, password } = c.req.valid('json')
      const user = await verifyPasswordThrottled(deps, {
        purpose: 'login',
        email,
        password,
        who: who(c, config.trustProxy),
      })
      if (!user) fail(401, 'invalid_credentials', 'Email or password is incorrect')
      if (user.disabled) {
        // Only reached with the right password, so this reveals nothing to a guesser.
        fail(403, 'account_disabled', 'This account is disabled')
      }
      startSession(c, user.id)
      recordAudit(db, {
        at: clock(),
        actorId: user.id,
        action: 'auth.login',
        ...who(c, config.trustProxy),
        ownerId: user.id,
      })
      return c.json(toUserView(user), 200)
    })
    .post('/logout', (c) => {
      const auth = c.get('auth')
      if (auth) {
        endSession(db, auth.sessionIdHash)
        recordAudit(db, {
          ...who(c, config.trustProxy),
          at: clock(),
          actorId: auth.user.id,
          action: 'auth.logout',
          ownerId: auth.user.id,
        })
      }
      deleteCookie(c, cookieName, {
        path: '/',
        secure: config.secureCookies,
        ...(config.secureCookies ? { prefix: 'host' as const } : {}),
      })
      return c.body(null, 204)
    })
    .get('/me', requireUser, (c) => c.json(toUserView(currentUser(c)), 200))
    .post('/reauth', requireUser, validate('json', reauthInputSchema), async (c) => {
      const auth = c.get('auth')
      const user = currentUser(c)
      const ok = await verifyPasswordThrottled(deps, {
        purpose: 'reauth',
        email: user.email,
        password: c.req.valid('json').password,
        who: who(c, config.trustProxy),
        sessionHash: auth?.sessionIdHash,
      })
      if (!auth || !ok) fail(400, 'wrong_password', 'The password is incorrect')
      touchAuthentication(db, auth.sessionIdHash, clock())
      return c.body(null, 204)
    })
    .post('/password', requireUser, validate('json', changePasswordInputSchema), async (c) => {
      const user = currentUser(c)
      const { currentPassword, newPassword } = c.req.valid('json')
      const ok = await verifyPasswordThrottled(deps, {
        purpose: 'password_change',
        email: user.email,
        password: currentPassword,
        who: who(c, config.trustProxy),
        sessionHash: c.get('auth')?.sessionIdHash,
      })
      if (!ok) fail(400, 'wrong_password', 'The current password is incorrect')
      const passwordHash = await hashPassword(newPassword)
      db.update(users).set({ passwordHash, updatedAt: clock() }).where(eq(users.id, user.id)).run()
      endUserSessions(db, user.id, c.get('auth')?.sessionIdHash)
      recordAudit(db, {
        ...who(c, config.trustProxy),
        at: clock(),
        actorId: user.id,
        action: 'user.password_changed',
        targetType: 'user',
        targetId: user.id,
        ownerId: user.id,
      })
      return c.body(null, 204)
    })
}
