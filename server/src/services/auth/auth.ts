import type { AppDeps, AppEnv } from '../../app-env'
import type { Who } from '../../lib/client-ip'
import { fail } from '../../lib/http-error'
import { hashPassword } from '../../lib/password'
import { acceptInvite } from '../invites'
import { verifyPasswordThrottled } from '../password-check'
import { completeSetup, type SetupGate } from '../setup'
import { countUsers } from '../users'
import { createSession, endSession, setPassword, touchAuthentication } from './login-sessions'

type Auth = NonNullable<AppEnv['Variables']['auth']>

export async function setupNeeded(deps: Pick<AppDeps, 'db'>) {
  return (await countUsers(deps.db)) === 0
}

/** The first admin, through the one-time setup link, signed in at once. */
export async function setUpFirstAdmin(
  deps: AppDeps,
  gate: SetupGate,
  input: { email: string; name: string; password: string; setupToken: string },
  who: Who,
) {
  const user = await completeSetup(deps, gate, input, who)
  const secret = await createSession(deps.db, deps.clock(), user.id, who)
  return { user, secret }
}

/** Checks the password (throttled) and opens a session; returns the cookie secret. */
export async function signIn(deps: AppDeps, input: { email: string; password: string }, who: Who) {
  const user = await verifyPasswordThrottled(deps, { purpose: 'login', ...input, who })
  if (!user) fail(401, 'invalid_credentials', 'Email or password is incorrect')
  if (user.disabled) {
    // Only reached with the right password, so this reveals nothing to a guesser.
    fail(403, 'account_disabled', 'This account is disabled')
  }
  const secret = await createSession(deps.db, deps.clock(), user.id, who, {
    at: deps.clock(),
    actorId: user.id,
    action: 'auth.login',
    ...who,
    ownerId: user.id,
  })
  return { user, secret }
}

/** Someone invited sets their own password through the one-time link and is signed in at once. */
export async function signUpWithInvite(
  deps: AppDeps,
  input: { token: string; password: string; name?: string | undefined },
  who: Who,
) {
  const user = await acceptInvite(deps, input, who)
  const secret = await createSession(deps.db, deps.clock(), user.id, who)
  return { user, secret }
}

export async function signOut(deps: AppDeps, auth: Auth | null, who: Who) {
  if (!auth) return
  await endSession(deps.db, auth.sessionIdHash, {
    ...who,
    at: deps.clock(),
    actorId: auth.user.id,
    action: 'auth.logout',
    ownerId: auth.user.id,
  })
}

/** Step-up: the password again, which reopens the window for sensitive actions. */
export async function reauthenticate(deps: AppDeps, auth: Auth, password: string, who: Who) {
  const ok = await verifyPasswordThrottled(deps, {
    purpose: 'reauth',
    email: auth.user.email,
    password,
    who,
    sessionHash: auth.sessionIdHash,
  })
  if (!ok) fail(400, 'wrong_password', 'The password is incorrect')
  await touchAuthentication(deps.db, auth.sessionIdHash, deps.clock())
}

/** A new password, after the current one; every other session of the person ends. */
export async function changePassword(
  deps: AppDeps,
  auth: Auth,
  input: { currentPassword: string; newPassword: string },
  who: Who,
) {
  const { user } = auth
  // Compares two values the caller sent, so it is checked before (and costs no) password attempt.
  if (input.newPassword === input.currentPassword) {
    fail(400, 'password_unchanged', 'Choose a new password, not the current one')
  }
  const ok = await verifyPasswordThrottled(deps, {
    purpose: 'password_change',
    email: user.email,
    password: input.currentPassword,
    who,
    sessionHash: auth.sessionIdHash,
  })
  if (!ok) fail(400, 'wrong_password', 'The current password is incorrect')
  const passwordHash = await hashPassword(input.newPassword)
  await setPassword(
    deps.db,
    { userId: user.id, passwordHash, now: deps.clock(), keepSession: auth.sessionIdHash },
    {
      ...who,
      at: deps.clock(),
      actorId: user.id,
      action: 'user.password_changed',
      targetType: 'user',
      targetId: user.id,
      ownerId: user.id,
      ...(user.mustChangePassword ? { detail: { required: true } } : {}),
    },
  )
}
