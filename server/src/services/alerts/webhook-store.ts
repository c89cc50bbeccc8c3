import { and, count, desc, eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { notifications, webhookDeliveries, webhooks } from '../../db/schema'
import { type AuditInput, recordAudit } from '../audit'

export type WebhookRow = typeof webhooks.$inferSelect

/** One of the person's webhooks; another person's id reads as unknown. */
export async function findWebhook(db: Db, ownerId: string, id: string) {
  return db
    .select()
    .from(webhooks)
    .where(and(eq(webhooks.id, id), eq(webhooks.ownerId, ownerId)))
    .get()
}

export async function listWebhooks(db: Db, ownerId: string) {
  return db
    .select()
    .from(webhooks)
    .where(eq(webhooks.ownerId, ownerId))
    .orderBy(desc(webhooks.createdAt))
    .all()
}

/** How many deliveries of the webhook are in each state. */
export async function deliveryCounts(db: Db, webhookId: string) {
  return db
    .select({ status: webhookDeliveries.status, n: count() })
    .from(webhookDeliveries)
    .where(eq(webhookDeliveries.webhookId, webhookId))
    .groupBy(webhookDeliveries.status)
    .all()
}

export async function insertWebhook(db: Db, row: WebhookRow, audit: AuditInput) {
  db.transaction((tx) => {
    tx.insert(webhooks).values(row).run()
    recordAudit(tx, audit)
  })
}

export async function deleteWebhook(db: Db, id: string, audit: AuditInput) {
  db.transaction((tx) => {
    tx.delete(webhooks).where(eq(webhooks.id, id)).run()
    recordAudit(tx, audit)
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
    .all()
}
