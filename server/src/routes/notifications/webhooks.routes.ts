import { randomBytes } from 'node:crypto'
import { idParamSchema } from '@tokendesk/shared/schemas/common'
import {
  createWebhookInputSchema,
  type DeliveryView,
  type WebhookView,
} from '@tokendesk/shared/schemas/notification'
import { and, count, desc, eq } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { newId } from '../../db/ids'
import { notifications, webhookDeliveries, webhooks } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { fail, notFound } from '../../lib/http-error'
import { OutboundError, vetUrl } from '../../lib/outbound/guarded-fetch'
import { validate } from '../../lib/validate'
import { guardIds } from '../../middleware/guard-ids'
import { currentUser, requireUser } from '../../middleware/session'
import { webhookSecretAad } from '../../services/alerts/webhook-sender'
import { recordAudit } from '../../services/audit'

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function webhooksRoutes({ db, clock, keyring, config }: AppDeps) {
  const find = (ownerId: string, id: string) =>
    db
      .select()
      .from(webhooks)
      .where(and(eq(webhooks.id, id), eq(webhooks.ownerId, ownerId)))
      .get() ?? notFound('Webhook')
  const view = (row: typeof webhooks.$inferSelect): WebhookView => {
    const counts = db
      .select({ status: webhookDeliveries.status, n: count() })
      .from(webhookDeliveries)
      .where(eq(webhookDeliveries.webhookId, row.id))
      .groupBy(webhookDeliveries.status)
      .all()
    const n = (s: string) => counts.find((x) => x.status === s)?.n ?? 0
    return {
      id: row.id,
      url: row.url,
      createdAt: new Date(row.createdAt).toISOString(),
      delivered: n('delivered'),
      failed: n('failed'),
      pending: n('pending'),
    }
  }

  return new Hono<AppEnv>()
    .use(requireUser)
    .use(
      '/:id',
      guardIds((user, id) => find(user.id, id)),
    )
    .use(
      '/:id/*',
      guardIds((user, id) => find(user.id, id)),
    )
    .get('/', (c) => {
      const rows = db
        .select()
        .from(webhooks)
        .where(eq(webhooks.ownerId, currentUser(c).id))
        .orderBy(desc(webhooks.createdAt))
        .all()
      return c.json({ items: rows.map(view), nextCursor: null }, 200)
    })
    .post('/', validate('json', createWebhookInputSchema), async (c) => {
      const user = currentUser(c)
      const input = c.req.valid('json')
      try {
        await vetUrl(input.url, { trusted: config.webhookOrigins, allowPublicHttps: true })
      } catch (err) {
        if (err instanceof OutboundError)
          fail(400, 'validation_failed', `Webhook URL refused: ${err.message}`)
        throw err
      }
      const id = newId()
      const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`
      const row = {
        id,
        ownerId: user.id,
        url: input.url,
        secretEnc: keyring.encrypt(secret, webhookSecretAad({ id, ownerId: user.id })),
        createdAt: clock(),
      }
      db.insert(webhooks).values(row).run()
      recordAudit(db, {
        ...who(c, config.trustProxy),
        at: clock(),
        actorId: user.id,
        action: 'webhook.created',
        targetType: 'webhook',
        targetId: id,
        ownerId: user.id,
        detail: { url: input.url },
      })
      // The secret is shown once, like a bot key; it is needed to verify signatures.
      return c.json({ ...view(row), secret }, 201)
    })
    .delete('/:id', validate('param', idParamSchema), (c) => {
      const user = currentUser(c)
      const row = find(user.id, c.req.valid('param').id)
      db.delete(webhooks).where(eq(webhooks.id, row.id)).run()
      recordAudit(db, {
        ...who(c, config.trustProxy),
        at: clock(),
        actorId: user.id,
        action: 'webhook.deleted',
        targetType: 'webhook',
        targetId: row.id,
        ownerId: user.id,
      })
      return c.body(null, 204)
    })
    .get('/:id/deliveries', validate('param', idParamSchema), (c) => {
      const row = find(currentUser(c).id, c.req.valid('param').id)
      const items: DeliveryView[] = db
        .select({ d: webhookDeliveries, title: notifications.title })
        .from(webhookDeliveries)
        .innerJoin(notifications, eq(notifications.id, webhookDeliveries.notificationId))
        .where(eq(webhookDeliveries.webhookId, row.id))
        .orderBy(desc(webhookDeliveries.id))
        .limit(100)
        .all()
        .map(({ d, title }) => ({
          id: d.id,
          notificationId: d.notificationId,
          title,
          status: d.status,
          attempts: d.attempts,
          lastStatus: d.lastStatus,
          lastError: d.lastError,
          nextAttemptAt: iso(d.nextAttemptAt),
          createdAt: new Date(d.createdAt).toISOString(),
          deliveredAt: iso(d.deliveredAt),
        }))
      return c.json({ items, nextCursor: null }, 200)
    })
}
