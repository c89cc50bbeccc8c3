import type { User } from '@tokendesk/shared/schemas/user'
import { and, asc, count, eq, ne, sql } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../app-env'
import type { Db, DbLike } from '../db/client'
import { newId } from '../db/ids'
import { users } from '../db/schema'
import { isUniqueViolation, transaction } from '../db/transaction'
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

const emailTaken = () => fail(409, 'email_taken', 'An account with that email exists')

export async function createUser(
  db: Db,
  now: number,
  input: { email: string; name: string; password: string; role: 'admin' | 'owner' },
  audit?: (row: { id: string; role: 'admin' | 'owner' }) => AuditInput,
) {
  if (await findUserByEmail(db, input.email)) emailTaken()
  const passwordHash = await hashPassword(input.password)
  const values = {
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
    return await transaction(db, async (tx) => {
      const [row] = await tx.insert(users).values(values).returning()
      if (!row) throw new Error('insert returned no row')
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
