import { and, count, desc, eq, inArray, isNull } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { notifications, users } from '../../db/schema'

/** The newest notifications of one person, and how many of all theirs are unread. */
export async function readInbox(db: Db, ownerId: string, limit: number) {
  const rows = db
    .select()
    .from(notifications)
    .where(eq(notifications.ownerId, ownerId))
    .orderBy(desc(notifications.id))
    .limit(limit)
    .all()
  const unread =
    db
      .select({ n: count() })
      .from(notifications)
      .where(and(eq(notifications.ownerId, ownerId), isNull(notifications.readAt)))
      .get()?.n ?? 0
  return { rows, unread }
}

/** Marks the person's unread notifications read: all of them, or those of `ids`. */
export async function markRead(db: Db, ownerId: string, ids: number[] | 'all', now: number) {
  const unread = and(eq(notifications.ownerId, ownerId), isNull(notifications.readAt))
  db.update(notifications)
    .set({ readAt: now })
    .where(ids === 'all' ? unread : and(unread, inArray(notifications.id, ids)))
    .run()
}

export async function setAlertDays(db: Db, userId: string, days: number[], now: number) {
  db.update(users).set({ alertDays: days, updatedAt: now }).where(eq(users.id, userId)).run()
}
