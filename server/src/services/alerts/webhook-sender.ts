import { createHmac } from 'node:crypto'
import { and, asc, eq, isNull, lt, lte, or } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import { notifications, webhookDeliveries, webhooks } from '../../db/schema'
import { guardedFetch, type Resolver } from '../../lib/outbound/guarded-fetch'

export const MAX_ATTEMPTS = 6
export const SIGNATURE_HEADER = 'X-TokenDesk-Signature'
export const TIMESTAMP_HEADER = 'X-TokenDesk-Timestamp'

export const webhookSecretAad = (row: { id: string; ownerId: string }) => ({
  table: 'webhooks',
  column: 'secret',
  rowId: row.id,
  ownerId: row.ownerId,
})

/** `v1=` hex HMAC-SHA256 over `<timestamp>.<body>`, the scheme receivers verify (README). */
export function signWebhook(secret: string, timestamp: number, body: string) {
  return `v1=${createHmac('sha256', secret).update(`${timestamp}.${body}`).digest('hex')}`
}

const backoffMs = (attempts: number) => Math.min(60 * 60_000, 10_000 * 2 ** (attempts - 1))

/** Sends due webhook deliveries, retrying with backoff; each delivery is leased so only one process sends it. */
export function createWebhookSender(
  deps: AppDeps,
  opts: { resolver?: Resolver; timeoutMs?: number } = {},
) {
  const { db, clock, keyring, config } = deps
  return {
    async deliverDue() {
      const now = clock()
      const due = db
        .select({ d: webhookDeliveries, hook: webhooks, n: notifications })
        .from(webhookDeliveries)
        .innerJoin(webhooks, eq(webhooks.id, webhookDeliveries.webhookId))
        .innerJoin(notifications, eq(notifications.id, webhookDeliveries.notificationId))
        .where(
          and(
            eq(webhookDeliveries.status, 'pending'),
            lte(webhookDeliveries.nextAttemptAt, now),
            or(isNull(webhookDeliveries.leaseUntil), lt(webhookDeliveries.leaseUntil, now)),
          ),
        )
        .orderBy(asc(webhookDeliveries.id))
        .limit(50)
        .all()
      let delivered = 0
      for (const { d, hook, n } of due) {
        const claimed = db
          .update(webhookDeliveries)
          .set({ leaseUntil: now + 30_000 })
          .where(
            and(
              eq(webhookDeliveries.id, d.id),
              or(isNull(webhookDeliveries.leaseUntil), lt(webhookDeliveries.leaseUntil, now)),
            ),
          )
          .run()
        if (claimed.changes !== 1) continue
        const body = JSON.stringify({
          id: n.id,
          type: n.type,
          title: n.title,
          tokenId: n.tokenId,
          detail: n.detail,
          createdAt: new Date(n.createdAt).toISOString(),
        })
        const timestamp = Math.floor(clock() / 1000)
        const secret = keyring.decrypt(hook.secretEnc, webhookSecretAad(hook))
        let status: number | null = null
        let error: string | null = null
        try {
          const res = await guardedFetch(
            hook.url,
            {
              method: 'POST',
              headers: {
                'content-type': 'application/json',
                'user-agent': 'TokenDesk-Webhook/1',
                [TIMESTAMP_HEADER]: String(timestamp),
                [SIGNATURE_HEADER]: signWebhook(secret, timestamp, body),
              },
              body,
            },
            {
              trusted: config.webhookOrigins,
              allowPublicHttps: true,
              resolver: opts.resolver,
              timeoutMs: opts.timeoutMs ?? 10_000,
              maxBytes: 16 * 1024,
            },
          )
          status = res.status
          if (res.status < 200 || res.status >= 300) error = `receiver answered ${res.status}`
        } catch (err) {
          error = (err as Error).message
        }
        const attempts = d.attempts + 1
        const done = error === null
        db.update(webhookDeliveries)
          .set({
            attempts,
            lastStatus: status,
            lastError: error,
            leaseUntil: null,
            status: done ? 'delivered' : attempts >= MAX_ATTEMPTS ? 'failed' : 'pending',
            nextAttemptAt: done ? null : clock() + backoffMs(attempts),
            deliveredAt: done ? clock() : null,
          })
          .where(eq(webhookDeliveries.id, d.id))
          .run()
        if (done) delivered++
      }
      return { attempted: due.length, delivered }
    },
  }
}
