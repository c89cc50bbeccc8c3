import { verify } from '@node-rs/argon2'
import type { AppDeps } from '../app-env'
import { transaction } from '../db/transaction'
import type { Who } from '../lib/client-ip'
import { fail } from '../lib/http-error'
import { hashPassword } from '../lib/password'
import { recordAudit } from './audit'
import { endSession } from './auth/login-sessions'
import { releaseAttempt, reserveAttempt, type ThrottleKey } from './login-throttle'
import { findUserByEmail } from './users'

export type PasswordCheck = {
  /** What the password is asked for; failures are audited under it. */
  purpose: 'login' | 'reauth' | 'password_change'
  email: string
  password: string
  who: Who
  /** The signed-in session asking: its own failures are counted, and end it at the limit. */
  sessionHash?: string
}

async function matches(hashed: string, password: string) {
  try {
    return await verify(hashed, password)
  } catch {
    return false
  }
}

let dummy: Promise<string> | undefined

/**
 * The only way to check a person's password. Every check shares one throttle per account, per IP
 * and per session, and reserves its attempt before the hash is verified. Returns the user when
 * the password is right and null when not; throws 429 while locked, and 401 once a session has
 * failed too often (the session is ended, so a stolen cookie is not an unlimited oracle).
 */
export async function verifyPasswordThrottled(deps: AppDeps, check: PasswordCheck) {
  const { db, clock } = deps
  const email = check.email.trim().toLowerCase()
  const keys: ThrottleKey[] = [
    { kind: 'ip', id: check.who.ip ?? 'unknown' },
    { kind: 'account', id: email },
  ]
  if (check.sessionHash) keys.push({ kind: 'session', id: check.sessionHash })
  const attempt = await reserveAttempt(db, clock(), keys)
  if (!attempt.ok) {
    fail(
      429,
      'too_many_requests',
      check.purpose === 'login'
        ? 'Too many failed sign-ins; try again later'
        : 'Too many wrong passwords; try again later',
      { 'Retry-After': String(Math.ceil(attempt.retryAfterMs / 1000)) },
    )
  }
  const user = await findUserByEmail(db, email)
  // Unknown emails are checked against a throwaway hash so they cost the same time.
  dummy ??= hashPassword('token-desk-dummy-password')
  const ok = (await matches(user?.passwordHash ?? (await dummy), check.password)) && !!user
  if (ok) {
    await releaseAttempt(db, attempt.reservation)
    return user
  }

  const sessionEnded = !!check.sessionHash && attempt.reservation.locked.includes('session')
  const audit = {
    ...check.who,
    at: clock(),
    actorId: user?.id ?? null,
    action: check.purpose === 'login' ? 'auth.login_failed' : 'auth.password_failed',
    ownerId: user?.id ?? null,
    ...(check.purpose === 'login' ? {} : { detail: { purpose: check.purpose, sessionEnded } }),
  }
  if (check.sessionHash && sessionEnded) await endSession(db, check.sessionHash, audit)
  else
    await transaction(db, async (tx) => {
      await recordAudit(tx, audit)
    })
  if (sessionEnded) {
    fail(401, 'unauthenticated', 'Too many wrong passwords; this session has ended, sign in again')
  }
  return null
}
