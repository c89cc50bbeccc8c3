import { eq } from 'drizzle-orm'
import type { Db, DbLike } from '../../db/client'
import { notifications, webhookDeliveries, webhooks } from '../../db/schema'
import { transaction } from '../../db/transaction'
import { queueAlertEmail } from './email-queue'

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

/**
 * Records a notification once and queues a delivery to each of the owner's webhooks (and an
 * email, when they get alerts by email), inside the caller's transaction. The dedupe key's unique
 * index decides: when another process (or an earlier transition) already inserted the key,
 * nothing is inserted and nothing is queued. Returns whether this call created the notification.
 */
export async function notify(tx: DbLike, n: NotifyInput, now: number): Promise<boolean> {
  const [inserted] = await tx
    .insert(notifications)
    .values({ ...n, detail: n.detail ?? null, createdAt: now })
    .onConflictDoNothing({ target: notifications.dedupeKey })
    .returning({ id: notifications.id })
  if (!inserted) return false
  const hooks = await tx
    .select({ id: webhooks.id })
    .from(webhooks)
    .where(eq(webhooks.ownerId, n.ownerId))
  if (hooks.length > 0) {
    await tx.insert(webhookDeliveries).values(
      hooks.map((hook) => ({
        webhookId: hook.id,
        notificationId: inserted.id,
        status: 'pending' as const,
        nextAttemptAt: now,
        createdAt: now,
      })),
    )
  }
  await queueAlertEmail(tx, inserted.id, n.ownerId, now)
  return true
}

/** `notify` in a transaction of its own, for callers that are not already writing. */
export function notifyStandalone(db: Db, n: NotifyInput, now: number): Promise<boolean> {
  return transaction(db, (tx) => notify(tx, n, now))
}

/** A token was revoked (by a person, or because its installation went away). */
export async function notifyRevoked(
  tx: DbLike,
  t: { id: string; ownerId: string; label: string },
  now: number,
): Promise<boolean> {
  return notify(
    tx,
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
