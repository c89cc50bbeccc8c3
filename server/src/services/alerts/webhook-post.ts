import { createHmac } from 'node:crypto'
import type { AppDeps } from '../../app-env'
import type { webhooks } from '../../db/schema'
import { guardedFetch, OutboundError, type Resolver } from '../../lib/outbound/guarded-fetch'

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

/** The outbound reasons that mean "this URL is not one webhooks may target". */
const REFUSED = new Set(['untrusted', 'insecure', 'internal_address'])

/**
 * Why a webhook URL is refused, naming the setting that governs it (the outbound guard's own
 * words speak of providers, which would send a person to the wrong setting).
 */
export function webhookRefusal(err: OutboundError, url: string) {
  if (!REFUSED.has(err.reason)) return err.message
  let origin = url
  try {
    origin = new URL(url).origin
  } catch {}
  return `${origin} is not allowed: webhooks may target public https URLs, or origins listed in TOKENDESK_WEBHOOK_ORIGINS`
}

/** A delivery from connect to answer, and connecting alone: a black-holed receiver fails fast. */
export const WEBHOOK_TIMEOUTS = { timeoutMs: 5_000, connectTimeoutMs: 2_500 }

export type PostOptions = {
  resolver?: Resolver
  timeoutMs: number
  connectTimeoutMs: number
}

export type PostResult = { status: number | null; error: string | null }

/**
 * One signed POST to a webhook, through the outbound guard. Never throws for the receiver's
 * sake: the answer's status, or why there was none, in words fit for the delivery log.
 */
export async function postWebhook(
  { clock, keyring, config }: Pick<AppDeps, 'clock' | 'keyring' | 'config'>,
  hook: typeof webhooks.$inferSelect,
  body: string,
  opts: PostOptions,
): Promise<PostResult> {
  const timestamp = Math.floor(clock() / 1000)
  const secret = keyring.decrypt(hook.secretEnc, webhookSecretAad(hook))
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
        timeoutMs: opts.timeoutMs,
        connectTimeoutMs: opts.connectTimeoutMs,
        // A receiver's 2xx is the delivery; what it writes after the status line is its own.
        statusOnly: true,
      },
    )
    const ok = res.status >= 200 && res.status < 300
    return { status: res.status, error: ok ? null : `receiver answered ${res.status}` }
  } catch (err) {
    if (!(err instanceof OutboundError)) return { status: null, error: 'delivery failed' }
    if (err.reason === 'timeout') return { status: null, error: 'receiver did not answer in time' }
    if (err.reason === 'network') return { status: null, error: 'receiver unreachable' }
    return { status: null, error: webhookRefusal(err, hook.url) }
  }
}
