import { and, count, desc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { notifications, webhookDeliveries, webhooks } from '../../db/schema'
import { transaction } from '../../db/transaction'
import { type AuditInput, recordAudit } from '../audit'

export type WebhookRow = typeof webhooks.$inferSelect

/** One of the person's webhooks; another person's id reads as unknown. */
export async function findWebhook(db: Db, ownerId: string, id: string) {
  const [row] = await db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.ownerId, ownerId)))
    .limit(1)
  return row
}

export async function listWebhooks(db: Db, ownerId: string) {
  return db
    .select()
    .from(webhooks)
    .where(eq(webhooks.ownerId, ownerId))
    .orderBy(desc(webhooks.createdAt))
}

/** How many deliveries of the webhook are in each state. */
export async function deliveryCounts(db: Db, webhookId: string) {
  return db
    .select({ status: webhookDeliveries.status, n: count() })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .groupBy(webhookDeliveries.status)
}

export async function insertWebhook(db: Db, row: WebhookRow, audit: AuditInput) {
  await transaction(db, async (tx) => {
    await tx.insert(webhooks).values(row)
    await recordAudit(tx, audit)
  })
}

export async function deleteWebhook(db: Db, id: string, audit: AuditInput) {
  await transaction(db, async (tx) => {
    await tx.delete(webhooks).where(eq(webhooks.id, id))
    await recordAudit(tx, audit)
  })
}

/** The newest deliveries of a webhook, with their notification's title. */
export async function listDeliveries(db: Db, webhookId: string, limit: number) {
  return db
    .select({ d: webhookDeliveries, title: notifications.title })
    .from(webhookDeliveries)
    .innerJoin(notifications, eq(notifications.id, webhookDeliveries.notificationId))
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .orderBy(desc(webhookDeliveries.id))
    .limit(limit)
}

export async function recordWebhookAudit(db: Db, audit: AuditInput) {
  await transaction(db, (tx) => recordAudit(tx, audit))
}

/**
 * Queues a delivery of the webhook again, from a first attempt: `missing` for another webhook's
 * (or no) delivery; `queued` for one still pending (perhaps being sent right now), which sending
 * twice would not help.
 */
export async function requeueDelivery(
  db: Db,
  webhookId: string,
  deliveryId: number,
  now: number,
  audit: (notificationId: number) => AuditInput,
) {
  return transaction(db, async (tx) => {
    const mine = and(
      eq(webhookDeliveries.id, deliveryId),
      eq(webhookDeliveries.webhookId, webhookId),
    )
    const [row] = await tx.select().from(webhookDeliveries).where(mine).limit(1)
    if (!row) return 'missing' as const
    if (row.status === 'pending') return 'queued' as const
    await tx
      .update(webhookDeliveries)
      .set({ status: 'pending', attempts: 0, nextAttemptAt: now, deliveredAt: null })
      .where(mine)
    await recordAudit(tx, audit(row.notificationId))
    return 'requeued' as const
  })
}
