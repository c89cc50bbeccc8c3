import { eq } from 'drizzle-orm'
import type { DbLike } from '../../db/client'
import { notifications, webhookDeliveries, webhooks } from '../../db/schema'

export type NotificationType = (typeof notifications.$inferInsert)['type']

export type NotifyInput = {
  ownerId: string
  tokenId: string | null
  type: NotificationType
  /** Names the transition; a second notify with the same key does nothing (no flapping). */
  dedupeKey: string
  title: string
  detail?: Record<string, unknown>
}

/** Records a notification once and queues a delivery to each of the owner's webhooks. */
export function notify(db: DbLike, n: NotifyInput, now: number) {
  const inserted = db
    .insert(notifications)
    .values({ ...n, detail: n.detail ?? null, createdAt: now })
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id })
    .all()
  const id = inserted[0]?.id
  if (id === undefined) return false
  for (const hook of db
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(eq(webhooks.ownerId, n.ownerId))
    .all()) {
    db.insert(webhookDeliveries)
      .values({
        webhookId: hook.id,
        notificationId: id,
        status: 'pending',
        nextAttemptAt: now,
        createdAt: now,
      })
      .run()
  }
  return true
}

/** A token was revoked (by a person, or because its installation went away). */
export function notifyRevoked(
  db: DbLike,
  t: { id: string; ownerId: string; label: string },
  now: number,
) {
  notify(
    db,
    {
      ownerId: t.ownerId,
      tokenId: t.id,
      type: 'revoked',
      dedupeKey: `${t.id}:revoked`,
      title: `“${t.label}” was revoked`,
    },
    now,
  )
}
