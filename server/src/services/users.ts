import type { User } from '@tokendesk/shared/schemas/user'
import { and, asc, count, eq, ne, sql } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../app-env'
import type { Db } from '../db/client'
import { newId } from '../db/ids'
import { users } from '../db/schema'
import type { Who } from '../lib/client-ip'
import { fail, notFound } from '../lib/http-error'
import { hashPassword } from '../lib/password'
import { type AuditInput, recordAudit } from './audit'
import { endUserSessions } from './auth/login-sessions'

type UserRow = typeof users.$inferSelect

export function toUserView(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabled,
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

export function findUserByEmail(db: Db, email: string) {
  return db.select().from(users).where(sql`lower(${users.email}) = ${email.toLowerCase()}`).get()
}

export function findUser(db: Db, id: string) {
  return db.select().from(users).where(eq(users.id, id)).get()
}

export function countUsers(db: Db) {
  return db.select({ n: count() }).from(users).get()?.n ?? 0
}

export async function createUser(
  db: Db,
  now: number,
  input: { email: string; name: string; password: string; role: 'admin' | 'owner' },
  audit?: (row: { id: string; role: 'admin' | 'owner' }) => AuditInput,
) {
  if (findUserByEmail(db, input.email))
    fail(409, 'email_taken', 'An account with that email exists')
  const passwordHash = await hashPassword(input.password)
  const row = {
    id: newId(),
    email: input.email.toLowerCase(),
    name: input.name,
    role: input.role,
    alertDays: [30, 7, 1],
    passwordHash,
    disabled: false,
    createdAt: now,
    updatedAt: now,
  }
  // The unique index is the real guard against a concurrent duplicate.
  try {
    db.transaction((tx) => {
      tx.insert(users).values(row).run()
      if (audit) recordAudit(tx, audit(row))
    })
  } catch (err) {
    if (String(err).includes('UNIQUE'))
      fail(409, 'email_taken', 'An account with that email exists')
    throw err
  }
  return row
}

export function listUsers(db: Db) {
  return db.select().from(users).orderBy(asc(users.email)).all()
}

export function activeAdminCount(db: Db, excludingId?: string) {
  const where = and(
    eq(users.role, 'admin'),
    eq(users.disabled, false),
    excludingId ? ne(users.id, excludingId) : undefined,
  )
  return db.select({ n: count() }).from(users).where(where).get()?.n ?? 0
}

type UserPatch = { role?: 'admin' | 'owner'; disabled?: boolean }

/** An account an admin creates; audited as theirs. */
export async function createPerson(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  admin: SessionUser,
  input: { email: string; name: string; password: string; role: 'admin' | 'owner' },
  who: Who,
) {
  return createUser(deps.db, deps.clock(), input, (row) => ({
    ...who,
    at: deps.clock(),
    actorId: admin.id,
    action: 'user.created',
    targetType: 'user',
    targetId: row.id,
    ownerId: row.id,
    detail: { role: row.role },
  }))
}

/**
 * An admin's change to an account. At least one active admin always remains, and nobody
 * disables themselves; disabling ends the person's sessions at once.
 */
export async function updatePerson(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  admin: SessionUser,
  id: string,
  patch: UserPatch,
  who: Who,
) {
  const { db, clock } = deps
  const target = findUser(db, id) ?? notFound('User')
  const losesAdmin =
    target.role === 'admin' &&
    !target.disabled &&
    (patch.role === 'owner' || patch.disabled === true)
  if (target.id === admin.id && patch.disabled === true) {
    fail(409, 'last_admin', 'You cannot disable your own account')
  }
  if (losesAdmin && activeAdminCount(db, target.id) === 0) {
    fail(409, 'last_admin', 'At least one active admin must remain')
  }
  db.transaction((tx) => {
    tx.update(users)
      .set({ ...patch, updatedAt: clock() })
      .where(eq(users.id, id))
      .run()
    if (patch.disabled) endUserSessions(tx, id)
    recordAudit(tx, {
      ...who,
      at: clock(),
      actorId: admin.id,
      action: 'user.updated',
      targetType: 'user',
      targetId: id,
      ownerId: id,
      detail: patch,
    })
  })
  return findUser(db, id) ?? notFound('User')
}
