import { createHash, randomBytes } from 'node:crypto'
import type { Invite } from '@tokendesk/shared/schemas/invite'
import { and, desc, eq, exists, gt, isNull, type SQLWrapper } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../app-env'
import type { DbLike } from '../db/client'
import { newId } from '../db/ids'
import { invites, users } from '../db/schema'
import { isUniqueViolation, transaction } from '../db/transaction'
import type { Who } from '../lib/client-ip'
import { fail, notFound } from '../lib/http-error'
import { hashPassword } from '../lib/password'
import { recordAudit } from './audit'
import { emailTaken, findUserByEmail, insertUser } from './users'

export const INVITE_TTL_MS = 7 * 24 * 60 * 60_000

/** 256 random bits in the link; the row keeps only its SHA-256, like a session. */
const hashToken = (token: string) => createHash('sha256').update(token).digest('base64url')

type InviteRow = typeof invites.$inferSelect

function toInviteView(row: InviteRow, invitedBy: string | null): Invite {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    createdAt: new Date(row.createdAt).toISOString(),
    expiresAt: new Date(row.expiresAt).toISOString(),
    invitedBy,
  }
}

/** Links not used yet, newest first: pending ones and expired ones an admin has not revoked. */
export async function listInvites(db: DbLike) {
  const rows = await db
    .select({ invite: invites, invitedBy: users.name })
    .from(invites)
    .leftJoin(users, eq(users.id, invites.createdBy))
    .where(isNull(invites.usedAt))
    .orderBy(desc(invites.createdAt), desc(invites.id))
  return rows.map((r) => toInviteView(r.invite, r.invitedBy))
}

/**
 * A one-time link for someone to set their own password. The URL is returned this once; a newer
 * invite for the same address replaces any older one still unused.
 */
export async function createInvite(
  deps: Pick<AppDeps, 'db' | 'clock' | 'config'>,
  admin: SessionUser,
  input: { email: string; name: string; role: 'admin' | 'owner' },
  who: Who,
) {
  const { db, clock } = deps
  const token = randomBytes(32).toString('base64url')
  const now = clock()
  const row = await transaction(db, async (tx) => {
    if (await findUserByEmail(tx, input.email)) return null
    const replaced = await tx
      .delete(invites)
      .where(and(eq(invites.email, input.email), isNull(invites.usedAt)))
      .returning({ id: invites.id })
    const [inserted] = await tx
      .insert(invites)
      .values({
        id: newId(),
        tokenHash: hashToken(token),
        email: input.email,
        name: input.name,
        role: input.role,
        createdBy: admin.id,
        createdAt: now,
        expiresAt: now + INVITE_TTL_MS,
      })
      .returning()
    if (!inserted) throw new Error('insert returned no row')
    await recordAudit(tx, {
      ...who,
      at: now,
      actorId: admin.id,
      action: 'invite.created',
      targetType: 'invite',
      targetId: inserted.id,
      detail: { email: input.email, role: input.role, replaced: replaced.length },
    })
    return inserted
  })
  if (!row) return emailTaken()
  // The token travels in the fragment, which browsers never send to servers or logs.
  return { invite: toInviteView(row, admin.name), url: `${deps.config.publicUrl}/invite#${token}` }
}

/** Revokes an unused link (pending or expired); a used one is history and stays. */
export async function revokeInvite(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  admin: SessionUser,
  id: string,
  who: Who,
) {
  const revoked = await transaction(deps.db, async (tx) => {
    const [row] = await tx
      .delete(invites)
      .where(and(eq(invites.id, id), isNull(invites.usedAt)))
      .returning()
    if (!row) return false
    await recordAudit(tx, {
      ...who,
      at: deps.clock(),
      actorId: admin.id,
      action: 'invite.revoked',
      targetType: 'invite',
      targetId: id,
      detail: { email: row.email },
    })
    return true
  })
  if (!revoked) notFound('Invite')
}

const inviteUsed = () =>
  fail(410, 'invite_used', 'This invite link has already been used. Sign in with its password.')

/**
 * The invite behind a link, or the reason it cannot be used. A revoked link's row is gone, so it
 * answers as an unknown one would.
 */
async function usableInvite(db: DbLike, tokenHash: string, now: number) {
  const [row] = await db.select().from(invites).where(eq(invites.tokenHash, tokenHash)).limit(1)
  if (!row) {
    return fail(
      404,
      'invite_invalid',
      'This invite link is not valid: it may have been revoked or replaced by a newer one. Ask an admin for a new link.',
    )
  }
  if (row.usedAt !== null) return inviteUsed()
  if (row.expiresAt <= now) {
    return fail(410, 'invite_expired', 'This invite link has expired. Ask an admin for a new one.')
  }
  const [maker] = await db
    .select({ id: users.id })
    .from(users)
    .where(makerStillAdmin(row.createdBy))
  if (!maker) {
    return fail(
      410,
      'invite_withdrawn',
      'This invite link no longer works: the admin who made it no longer manages people. Ask an admin for a new link.',
    )
  }
  return row
}

/**
 * A link speaks for the admin who made it: once they are disabled or no longer an admin, it makes
 * nobody (a leaver's links must not keep minting admins for a week).
 */
const makerStillAdmin = (createdBy: SQLWrapper | string) =>
  and(eq(users.id, createdBy), eq(users.role, 'admin'), eq(users.disabled, false))

/** What the invite page shows before the person chooses a password. */
export async function checkInvite(deps: Pick<AppDeps, 'db' | 'clock'>, token: string) {
  const row = await usableInvite(deps.db, hashToken(token), deps.clock())
  return {
    email: row.email,
    name: row.name,
    role: row.role,
    expiresAt: new Date(row.expiresAt).toISOString(),
  }
}

/**
 * Creates the invited account with the person's own password. The link is used up by the same
 * conditional update that decides who wins, so of any number of concurrent uses exactly one makes
 * an account; a failure (say, the address taken meanwhile) rolls back and leaves the link usable.
 */
export async function acceptInvite(
  deps: Pick<AppDeps, 'db' | 'clock'>,
  input: { token: string; password: string; name?: string | undefined },
  who: Who,
) {
  const { db, clock } = deps
  const tokenHash = hashToken(input.token)
  // Refuse a dead link before the slow hash.
  await usableInvite(db, tokenHash, clock())
  const passwordHash = await hashPassword(input.password)
  try {
    const user = await transaction(db, async (tx) => {
      const now = clock()
      const [invite] = await tx
        .update(invites)
        .set({ usedAt: now })
        .where(
          and(
            eq(invites.tokenHash, tokenHash),
            isNull(invites.usedAt),
            gt(invites.expiresAt, now),
            // Judged in the same statement, so a disable committed first always wins.
            exists(
              tx.select({ id: users.id }).from(users).where(makerStillAdmin(invites.createdBy)),
            ),
          ),
        )
        .returning()
      if (!invite) return null
      if (await findUserByEmail(tx, invite.email)) emailTaken()
      const row = await insertUser(tx, now, {
        email: invite.email,
        name: input.name ?? invite.name,
        role: invite.role,
        passwordHash,
      })
      await recordAudit(tx, {
        ...who,
        at: now,
        actorId: row.id,
        action: 'user.invite_accepted',
        targetType: 'user',
        targetId: row.id,
        ownerId: row.id,
        detail: { inviteId: invite.id, role: row.role, invitedBy: invite.createdBy },
      })
      return row
    })
    if (user) return user
    // Another use won the race, or the link lapsed or was revoked meanwhile: say which.
    await usableInvite(db, tokenHash, clock())
    return inviteUsed()
  } catch (err) {
    if (isUniqueViolation(err)) emailTaken()
    throw err
  }
}
