import { acceptInviteInputSchema, inviteTokenInputSchema } from '@tokendesk/shared/schemas/invite'
import {
  changePasswordInputSchema,
  loginInputSchema,
  reauthInputSchema,
  setupInputSchema,
} from '@tokendesk/shared/schemas/user'
import type { Context } from 'hono'
import { Hono } from 'hono'
import { deleteCookie, setCookie } from 'hono/cookie'
import type { AppDeps, AppEnv } from '../../app-env'
import { who } from '../../lib/client-ip'
import { validate } from '../../lib/validate'
import {
  currentAuth,
  currentUser,
  requireUser,
  SESSION_COOKIE,
} from '../../middleware/load-session'
import {
  changePassword,
  reauthenticate,
  setUpFirstAdmin,
  setupNeeded,
  signIn,
  signOut,
  signUpWithInvite,
} from '../../services/auth/auth'
import { checkInvite } from '../../services/invites'
import type { SetupGate } from '../../services/setup'
import { toUserView } from '../../services/users'

export function authRoutes(deps: AppDeps, setup: SetupGate) {
  const { config } = deps
  const cookieName = SESSION_COOKIE
  const prefix = config.secureCookies ? { prefix: 'host' as const } : {}

  function setSessionCookie(c: Context<AppEnv>, secret: string) {
    setCookie(c, cookieName, secret, {
      httpOnly: true,
      sameSite: 'Lax',
      path: '/',
      secure: config.secureCookies,
      ...prefix,
      maxAge: Math.floor(config.sessionAbsoluteMs / 1000),
    })
  }

  return new Hono<AppEnv>()
    .get('/setup', async (c) => c.json({ needed: await setupNeeded(deps) }, 200))
    .post('/setup', validate('json', setupInputSchema), async (c) => {
      const input = c.req.valid('json')
      const { user, secret } = await setUpFirstAdmin(deps, setup, input, who(c, config.trustProxy))
      setSessionCookie(c, secret)
      return c.json(toUserView(user), 201)
    })
    .post('/login', validate('json', loginInputSchema), async (c) => {
      const { user, secret } = await signIn(deps, c.req.valid('json'), who(c, config.trustProxy))
      setSessionCookie(c, secret)
      return c.json(toUserView(user), 200)
    })
    .post('/invite', validate('json', inviteTokenInputSchema), async (c) =>
      c.json(await checkInvite(deps, c.req.valid('json').token), 200),
    )
    .post('/invite/accept', validate('json', acceptInviteInputSchema), async (c) => {
      const input = c.req.valid('json')
      const { user, secret } = await signUpWithInvite(deps, input, who(c, config.trustProxy))
      setSessionCookie(c, secret)
      return c.json(toUserView(user), 201)
    })
    .post('/logout', async (c) => {
      await signOut(deps, c.get('auth'), who(c, config.trustProxy))
      deleteCookie(c, cookieName, { path: '/', secure: config.secureCookies, ...prefix })
      return c.body(null, 204)
    })
    .get('/me', requireUser, (c) => c.json(toUserView(currentUser(c)), 200))
    .post('/reauth', requireUser, validate('json', reauthInputSchema), async (c) => {
      const { password } = c.req.valid('json')
      await reauthenticate(deps, currentAuth(c), password, who(c, config.trustProxy))
      return c.body(null, 204)
    })
    .post('/password', requireUser, validate('json', changePasswordInputSchema), async (c) => {
      await changePassword(deps, currentAuth(c), c.req.valid('json'), who(c, config.trustProxy))
      return c.body(null, 204)
    })
}
