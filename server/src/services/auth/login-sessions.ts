import { createHash, randomBytes } from 'node:crypto'
import { and, eq, ne, sql } from 'drizzle-orm'
import type { Db, Tx } from '../../db/client'
import { sessions, users } from '../../db/schema'
import { transaction } from '../../db/transaction'
import { type AuditInput, recordAudit } from '../audit'

const hashSecret = (secret: string) => createHash('sha256').update(secret).digest('base64url')

export type SessionPolicy = { idleMs: number; absoluteMs: number }

/** 256 random bits in the cookie; the row keeps only its SHA-256. */
export async function createSession(
  db: Db,
  now: number,
  userId: string,
  meta: { ip: string | null; userAgent: string | null },
  audit?: AuditInput,
) {
  const secret = randomBytes(32).toString('base64url')
  await transaction(db, async (tx) => {
    await tx.insert(sessions).values({
      idHash: hashSecret(secret),
      userId,
      createdAt: now,
      lastSeenAt: now,
      authenticatedAt: now,
      ip: meta.ip,
      userAgent: meta.userAgent?.slice(0, 200) ?? null,
    })
    if (audit) await recordAudit(tx, audit)
  })
  return secret
}

const TOUCH_EVERY_MS = 30_000

/**
 * Every signed-in request looks its session up: prepared once per database, since building the
 * query per request was a fifth of the token list's CPU (BENCHMARKS.md #2).
 */
const sessionLookups = new WeakMap<Db, ReturnType<typeof prepareSessionLookup>>()

function prepareSessionLookup(db: Db) {
  return db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, eq(users.id, sessions.userId))
    .where(eq(sessions.idHash, sql.placeholder('idHash')))
    .limit(1)
    .prepare('tokendesk_session_lookup')
}

function sessionLookup(db: Db) {
  let lookup = sessionLookups.get(db)
  if (!lookup) {
    lookup = prepareSessionLookup(db)
    sessionLookups.set(db, lookup)
  }
  return lookup
}

export async function resolveSession(db: Db, now: number, secret: string, policy: SessionPolicy) {
  if (!/^[A-Za-z0-9_-]{43}$/.test(secret)) return null
  const idHash = hashSecret(secret)
  const [row] = await sessionLookup(db).execute({ idHash })
  if (!row) return null
  const expired =
    row.session.lastSeenAt + policy.idleMs <= now ||
    row.session.createdAt + policy.absoluteMs <= now ||
    row.user.disabled
  if (expired) {
    await transaction(db, async (tx) => {
      await tx.delete(sessions).where(eq(sessions.idHash, idHash))
    })
    return null
  }
  if (now - row.session.lastSeenAt > TOUCH_EVERY_MS) {
    await transaction(db, async (tx) => {
      await tx.update(sessions).set({ lastSeenAt: now }).where(eq(sessions.idHash, idHash))
    })
  }
  return { idHash, user: row.user, authenticatedAt: row.session.authenticatedAt }
}

/** Ends one session; with `audit`, records why in the same transaction. */
export async function endSession(db: Db, idHash: string, audit?: AuditInput) {
  await transaction(db, async (tx) => {
    await tx.delete(sessions).where(eq(sessions.idHash, idHash))
    if (audit) await recordAudit(tx, audit)
  })
}

/** Every session of a person but `exceptIdHash` (the one asking, when they keep theirs). */
export async function endUserSessions(tx: Tx, userId: string, exceptIdHash?: string) {
  await tx
    .delete(sessions)
    .where(
      exceptIdHash
        ? and(eq(sessions.userId, userId), ne(sessions.idHash, exceptIdHash))
        : eq(sessions.userId, userId),
    )
}

/** Step-up: the password was just re-entered, so sensitive actions are allowed again. */
export async function touchAuthentication(db: Db, idHash: string, now: number) {
  await transaction(db, async (tx) => {
    await tx.update(sessions).set({ authenticatedAt: now }).where(eq(sessions.idHash, idHash))
  })
}

/**
 * A new password ends every other session of its owner; one transaction with its audit row.
 * `mustChangePassword` is set when an admin chose it, and cleared when the person did.
 * Returns the updated user, or null when there is none with that id.
 */
export async function setPassword(
  db: Db,
  input: {
    userId: string
    passwordHash: string
    now: number
    keepSession?: string
    mustChangePassword?: boolean
  },
  audit: AuditInput,
  /** More writes that must commit with the change (telling the person, say). */
  alsoInTransaction?: (tx: Tx) => Promise<unknown>,
) {
  return transaction(db, async (tx) => {
    const [row] = await tx
      .update(users)
      .set({
        passwordHash: input.passwordHash,
        mustChangePassword: input.mustChangePassword ?? false,
        updatedAt: input.now,
      })
      .where(eq(users.id, input.userId))
      .returning()
    if (!row) return null
    await endUserSessions(tx, input.userId, input.keepSession)
    await recordAudit(tx, audit)
    await alsoInTransaction?.(tx)
    return row
  })
}
