import type { User } from '@tokendesk/shared/schemas/user'
import { and, asc, count, eq, isNull, ne, sql } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../app-env'
import type { Db, DbLike, Tx } from '../db/client'
import { newId } from '../db/ids'
import { invites, users } from '../db/schema'
import { isUniqueViolation, transaction } from '../db/transaction'
import type { Who } from '../lib/client-ip'
import { fail, notFound } from '../lib/http-error'
import { hashPassword } from '../lib/password'
import { notify } from './alerts/notify'
import { type AuditInput, recordAudit } from './audit'
import { endUserSessions, setPassword } from './auth/login-sessions'

type UserRow = typeof users.$inferSelect

export function toUserView(row: UserRow): User {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    disabled: row.disabled,
    mustChangePassword: row.mustChangePassword,
    createdAt: new Date(row.createdAt).toISOString(),
  }
}

export async function findUserByEmail(db: DbLike, email: string): Promise<UserRow | undefined> {
  const [row] = await db
    .select()
    .from(users)
    .where(sql`lower(${users.email}) = ${email.toLowerCase()}`)
    .limit(1)
  return row
}

export async function findUser(db: DbLike, id: string): Promise<UserRow | undefined> {
  const [row] = await db.select().from(users).where(eq(users.id, id)).limit(1)
  return row
}

export async function countUsers(db: DbLike) {
  const [row] = await db.select({ n: count() }).from(users)
  return row?.n ?? 0
}

export const emailTaken = () => fail(409, 'email_taken', 'An account with that email exists')

type NewUser = {
  email: string
  name: string
  passwordHash: string
  role: 'admin' | 'owner'
  mustChangePassword?: boolean
}

/** Inserts an account inside the caller's transaction; the unique index refuses a duplicate. */
export async function insertUser(tx: Tx, now: number, input: NewUser) {
  const [row] = await tx
    .insert(users)
    .values({
      id: newId(),
      email: input.email.toLowerCase(),
      name: input.name,
      role: input.role,
      alertDays: [30, 7, 1],
      passwordHash: input.passwordHash,
      mustChangePassword: input.mustChangePassword ?? false,
      disabled: false,
      createdAt: now,
      updatedAt: now,
    })
    .returning()
  if (!row) throw new Error('insert returned no row')
  return row
}

export async function createUser(
  db: Db,
  now: number,
  input: {
    email: string
    name: string
    password: string
    role: 'admin' | 'owner'
    mustChangePassword?: boolean
  },
  audit?: (row: { id: string; role: 'admin' | 'owner' }) => AuditInput,
) {
  if (await findUserByEmail(db, input.email)) emailTaken()
  const passwordHash = await hashPassword(input.password)
  // The unique index is the real guard against a concurrent duplicate.
  try {
    return await transaction(db, async (tx) => {
      const row = await insertUser(tx, now, { ...input, passwordHash })
      if (audit) await recordAudit(tx, audit(row))
      return row
    })
  } catch (err) {
    if (isUniqueViolation(err)) emailTaken()
    throw err
  }
}

export async function listUsers(db: Db): Promise<UserRow[]> {
  return db.select().from(users).orderBy(asc(users.email))
}

export async function activeAdminCount(db: DbLike, excludingId?: string) {
  const where = and(
    eq(users.role, 'admin'),
    eq(users.disabled, false),
    excludingId ? ne(users.id, excludingId) : undefined,
  )
  const [row] = await db.select({ n: count() }).from(users).where(where)
  return row?.n ?? 0
}

type UserPatch = { role?: 'admin' | 'owner'; disabled?: boolean }

/** An account an admin creates; audited as theirs. */
export async function createPerson(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  admin: SessionUser,
  input: {
    email: string
    name: string
    password: string
    role: 'admin' | 'owner'
    mustChangePassword: boolean
  },
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
    detail: { role: row.role, mustChangePassword: input.mustChangePassword },
  }))
}

/**
 * An admin sets someone else's password (their own changes under Account, with the current one).
 * Every session of the person ends; with `mustChangePassword` their next sign-in can do nothing
 * but choose their own.
 */
export async function resetPassword(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  admin: SessionUser,
  id: string,
  input: { password: string; mustChangePassword: boolean },
  who: Who,
) {
  if (id === admin.id) fail(409, 'conflict', 'Change your own password under Account')
  if (!(await findUser(deps.db, id))) notFound('User')
  const passwordHash = await hashPassword(input.password)
  const changed = await setPassword(
    deps.db,
    { userId: id, passwordHash, now: deps.clock(), mustChangePassword: input.mustChangePassword },
    {
      ...who,
      at: deps.clock(),
      actorId: admin.id,
      action: 'user.password_reset',
      targetType: 'user',
      targetId: id,
      ownerId: id,
      detail: { mustChangePassword: input.mustChangePassword },
    },
    // Whoever knows the new password can act as the person, reveals included: like a break-glass
    // reassignment, the person hears of it (in the app, by webhook and by email), not only the audit.
    (tx) => {
      const now = deps.clock()
      return notify(
        tx,
        {
          ownerId: id,
          tokenId: null,
          type: 'password_reset',
          dedupeKey: `${id}:password_reset:${now}:${admin.id}`,
          title: `Your password was reset by ${admin.email}`,
          detail: { by: admin.email, mustChangePassword: input.mustChangePassword },
        },
        now,
      )
    },
  )
  return changed ?? notFound('User')
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
  if (id === admin.id && patch.disabled === true) {
    fail(409, 'last_admin', 'You cannot disable your own account')
  }
  // Checked inside the write: two admins demoting each other at once cannot leave none.
  const outcome = await transaction(db, async (tx) => {
    const target = await findUser(tx, id)
    if (!target) return null
    const losesAdmin =
      target.role === 'admin' &&
      !target.disabled &&
      (patch.role === 'owner' || patch.disabled === true)
    if (losesAdmin && (await activeAdminCount(tx, target.id)) === 0) return 'last_admin' as const
    const [row] = await tx
      .update(users)
      .set({ ...patch, updatedAt: clock() })
      .where(eq(users.id, id))
      .returning()
    if (patch.disabled) await endUserSessions(tx, id)
    // Their unused invite links spoke for an admin who no longer is one (accepting checks too).
    if (patch.disabled || patch.role === 'owner') {
      await tx.delete(invites).where(and(eq(invites.createdBy, id), isNull(invites.usedAt)))
    }
    await recordAudit(tx, {
      ...who,
      at: clock(),
      actorId: admin.id,
      action: 'user.updated',
      targetType: 'user',
      targetId: id,
      ownerId: id,
      detail: patch,
    })
    return row ?? null
  })
  if (outcome === 'last_admin') fail(409, 'last_admin', 'At least one active admin must remain')
  return outcome ?? notFound('User')
}
