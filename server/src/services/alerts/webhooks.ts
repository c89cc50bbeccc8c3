import { randomBytes } from 'node:crypto'
import type {
  DeliveryView,
  WebhookTestResult,
  WebhookView,
} from '@tokendesk/shared/schemas/notification'
import type { AppDeps, SessionUser } from '../../app-env'
import { newId } from '../../db/ids'
import type { Who } from '../../lib/client-ip'
import { fail, notFound, retryAfter } from '../../lib/http-error'
import { OutboundError, vetUrl } from '../../lib/outbound/guarded-fetch'
import { reserveInWindow, type WindowLimit } from '../window-throttle'
import { postWebhook, WEBHOOK_TIMEOUTS, webhookRefusal, webhookSecretAad } from './webhook-post'
import {
  deleteWebhook,
  deliveryCounts,
  findWebhook,
  insertWebhook,
  listDeliveries,
  listWebhooks,
  recordWebhookAudit,
  requeueDelivery,
  type WebhookRow,
} from './webhook-store'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'keyring' | 'config'>

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

async function toWebhookView({ db }: Pick<Deps, 'db'>, row: WebhookRow): Promise<WebhookView> {
  const counts = await deliveryCounts(db, row.id)
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

/** One of the caller's webhooks, or 404. */
export async function findOwnWebhook({ db }: Pick<Deps, 'db'>, user: SessionUser, id: string) {
  return (await findWebhook(db, user.id, id)) ?? notFound('Webhook')
}

export async function listWebhooksFor(deps: Pick<Deps, 'db'>, user: SessionUser) {
  const rows = await listWebhooks(deps.db, user.id)
  return Promise.all(rows.map((r) => toWebhookView(deps, r)))
}

/** A webhook for the caller's alerts; its signing secret is returned this once. */
export async function createWebhook(
  deps: Deps,
  user: SessionUser,
  input: { url: string; secret?: string },
  who: Who,
) {
  const { db, clock, keyring, config } = deps
  try {
    await vetUrl(input.url, { trusted: config.webhookOrigins, allowPublicHttps: true })
  } catch (err) {
    if (err instanceof OutboundError)
      fail(400, 'validation_failed', `Webhook URL refused: ${webhookRefusal(err, input.url)}`)
    throw err
  }
  const id = newId()
  const secret = input.secret ?? `whsec_${randomBytes(24).toString('base64url')}`
  const row: WebhookRow = {
    id,
    ownerId: user.id,
    url: input.url,
    secretEnc: keyring.encrypt(secret, webhookSecretAad({ id, ownerId: user.id })),
    createdAt: clock(),
  }
  await insertWebhook(db, row, {
    ...who,
    at: clock(),
    actorId: user.id,
    action: 'webhook.created',
    targetType: 'webhook',
    targetId: id,
    ownerId: user.id,
    detail: { url: input.url },
  })
  return { ...(await toWebhookView(deps, row)), secret }
}

export async function removeWebhook(deps: Deps, user: SessionUser, id: string, who: Who) {
  const row = await findOwnWebhook(deps, user, id)
  await deleteWebhook(deps.db, row.id, {
    ...who,
    at: deps.clock(),
    actorId: user.id,
    action: 'webhook.deleted',
    targetType: 'webhook',
    targetId: row.id,
    ownerId: user.id,
  })
}

export async function listWebhookDeliveries(deps: Pick<Deps, 'db'>, user: SessionUser, id: string) {
  const row = await findOwnWebhook(deps, user, id)
  const items: DeliveryView[] = (await listDeliveries(deps.db, row.id, 100)).map(
    ({ d, title }) => ({
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
    }),
  )
  return items
}

/** As many as the delivery queue keeps in flight per webhook, in a window longer than a POST's timeout. */
const TEST_EVENTS: WindowLimit = { prefix: 'webhook-test:', limit: 2, windowMs: 10_000 }

/**
 * Sends a signed test event to one of the caller's webhooks now and reports what the receiver
 * answered. It is not queued and not retried: the person is waiting for the answer.
 */
export async function sendTestEvent(deps: Deps, user: SessionUser, id: string, who: Who) {
  const hook = await findOwnWebhook(deps, user, id)
  // Tests skip the delivery queue and its per-webhook cap: without a limit of their own, each
  // request would hold one more outbound connection open at someone's URL.
  const reservation = await reserveInWindow(deps.db, deps.clock(), TEST_EVENTS, hook.id)
  if (!reservation.ok) {
    fail(429, 'too_many_requests', 'Test events to this webhook are limited to 2 per 10 seconds', {
      ...retryAfter(reservation.retryAfterMs),
    })
  }
  const sentAt = deps.clock()
  const body = JSON.stringify({
    id: null,
    type: 'test',
    title: 'Test event from Token Desk',
    tokenId: null,
    detail: { webhookId: hook.id },
    createdAt: new Date(sentAt).toISOString(),
  })
  const started = performance.now()
  const { status, error } = await postWebhook(deps, hook, body, WEBHOOK_TIMEOUTS)
  const result: WebhookTestResult = {
    ok: error === null,
    status,
    error,
    durationMs: Math.round(performance.now() - started),
  }
  await recordWebhookAudit(deps.db, {
    ...who,
    at: deps.clock(),
    actorId: user.id,
    action: 'webhook.test_sent',
    targetType: 'webhook',
    targetId: hook.id,
    ownerId: user.id,
    detail: { status, ok: result.ok },
  })
  return result
}

/** Queues one of the webhook's finished deliveries again (delivered or given up on). */
export async function redeliver(
  deps: Deps,
  user: SessionUser,
  id: string,
  deliveryId: number,
  who: Who,
) {
  const hook = await findOwnWebhook(deps, user, id)
  const now = deps.clock()
  const outcome = await requeueDelivery(deps.db, hook.id, deliveryId, now, (notificationId) => ({
    ...who,
    at: now,
    actorId: user.id,
    action: 'webhook.redelivered',
    targetType: 'webhook',
    targetId: hook.id,
    ownerId: user.id,
    detail: { deliveryId, notificationId },
  }))
  if (outcome === 'missing') notFound('Delivery')
  if (outcome === 'queued') {
    fail(409, 'conflict', 'This delivery is still queued: Token Desk is already sending it')
  }
}
