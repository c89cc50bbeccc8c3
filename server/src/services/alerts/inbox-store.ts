import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { notifications, users } from '../../db/schema'
import { transaction } from '../../db/transaction'

/** The newest notifications of one person, and how many of all theirs are unread. */
export async function readInbox(db: Db, ownerId: string, limit: number) {
  const [rows, [unread]] = await Promise.all([
    db
      .select()
      .from(notifications)
      .where(eq(notifications.ownerId, ownerId))
      .orderBy(desc(notifications.id))
      .limit(limit),
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.ownerId, ownerId), isNull(notifications.readAt))),
  ])
  return { rows, unread: unread?.n ?? 0 }
}

/** Marks the person's unread notifications read: all of them, or those of `ids`. */
export async function markRead(db: Db, ownerId: string, ids: number[] | 'all', now: number) {
  const unread = and(eq(notifications.ownerId, ownerId), isNull(notifications.readAt))
  await transaction(db, (tx) =>
    tx
      .update(notifications)
      .set({ readAt: now })
      .where(ids === 'all' ? unread : and(unread, inArray(notifications.id, ids))),
  )
}

/** Saves the parts of a person's alert settings that are given. */
export async function setAlertSettings(
  db: Db,
  userId: string,
  change: { alertDays?: number[]; emailAlerts?: boolean },
  now: number,
) {
  const [row] = await transaction(db, (tx) =>
    tx
      .update(users)
      .set({ ...change, updatedAt: now })
      .where(eq(users.id, userId))
      .returning({ alertDays: users.alertDays, emailAlerts: users.emailAlerts }),
  )
  return row
}
