import type { User } from '@tokendesk/shared/schemas/user'
import { and, asc, count, eq, ne, sql } from 'drizzle-orm'
import type { Db } from '../db/client'
import { newId } from '../db/ids'
import { users } from '../db/schema'
import { fail } from '../lib/http-error'
import { hashPassword } from '../lib/password'

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
    db.insert(users).values(row).run()
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
