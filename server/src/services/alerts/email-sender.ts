import { and, asc, eq, inArray, isNull, lt, lte, or } from 'drizzle-orm'
import { createTransport } from 'nodemailer'
import type { AppDeps } from '../../app-env'
import { emailDeliveries, notifications } from '../../db/schema'
import { transaction } from '../../db/transaction'
import type { Config } from '../../env'
import { dbNowMs, dbNowPlusMs } from '../refresh/db-now'
import { alertEmail } from './email-message'

export const MAX_EMAIL_ATTEMPTS = 6

const backoffMs = (attempts: number) => Math.min(60 * 60_000, 30_000 * 2 ** (attempts - 1))

export type EmailSenderOptions = {
  /** Rows claimed per tick (default 20). */
  batch?: number
  /** Messages sent at once (default 2): a mail relay is one shared server. */
  concurrency?: number
  /** Connecting, the greeting, and silence on the socket (default 10 s each). */
  timeoutMs?: number
}

type SmtpError = Error & { responseCode?: number; permanent?: boolean }

/** The relay's refusal in words for the log: its message, never the URL (it may hold a password). */
function describe(err: unknown) {
  const e = err as SmtpError
  const text = e instanceof Error ? e.message : 'sending failed'
  return text.replace(/\s+/g, ' ').slice(0, 300)
}

/**
 * Sends queued alert emails through the SMTP relay of TOKENDESK_SMTP_URL, retrying with backoff.
 * Each row is claimed by a conditional lease on the database's clock, so several replicas ticking
 * at once send each email once.
 */
export function createEmailSender(
  deps: AppDeps,
  smtp: NonNullable<Config['smtp']>,
  opts: EmailSenderOptions = {},
) {
  const { db, clock, config, logger } = deps
  const batch = opts.batch ?? 20
  const concurrency = opts.concurrency ?? 2
  const timeoutMs = opts.timeoutMs ?? 10_000
  // Far longer than one message can take (three timeouts), so a live lease is never taken over.
  const leaseMs = Math.max(60_000, timeoutMs * 6)
  const transport = createTransport({
    url: smtp.url,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs,
  })

  async function claim(now: number) {
    const due = await db
      .select({ id: emailDeliveries.id })
      .from(emailDeliveries)
      .where(
        and(
          eq(emailDeliveries.status, 'pending'),
          lte(emailDeliveries.nextAttemptAt, now),
          or(isNull(emailDeliveries.leaseUntil), lt(emailDeliveries.leaseUntil, dbNowMs())),
        ),
      )
      .orderBy(asc(emailDeliveries.id))
      .limit(batch)
    if (due.length === 0) return []
    // Only rows nobody else holds: the same conditions again, decided by the update itself.
    return transaction(db, (tx) =>
      tx
        .update(emailDeliveries)
        .set({ leaseUntil: dbNowPlusMs(leaseMs) })
        .where(
          and(
            inArray(
              emailDeliveries.id,
              due.map((d) => d.id),
            ),
            eq(emailDeliveries.status, 'pending'),
            lte(emailDeliveries.nextAttemptAt, now),
            or(isNull(emailDeliveries.leaseUntil), lt(emailDeliveries.leaseUntil, dbNowMs())),
          ),
        )
        .returning({ id: emailDeliveries.id, leaseUntil: emailDeliveries.leaseUntil }),
    )
  }

  async function send(id: number, leaseUntil: number) {
    const [row] = await db
      .select({ d: emailDeliveries, n: notifications })
      .from(emailDeliveries)
      .innerJoin(notifications, eq(notifications.id, emailDeliveries.notificationId))
      .where(eq(emailDeliveries.id, id))
      .limit(1)
    if (!row) return false
    const { subject, text } = alertEmail(row.n, config.publicUrl)
    let error: string | null = null
    let permanent = false
    try {
      await transport.sendMail({ from: smtp.from, to: row.d.to, subject, text })
    } catch (err) {
      error = describe(err)
      // A 5xx answer (unknown mailbox, refused sender) will not change by retrying.
      permanent = (err as SmtpError).permanent === true
    }
    const attempts = row.d.attempts + 1
    const done = error === null
    const failed = !done && (permanent || attempts >= MAX_EMAIL_ATTEMPTS)
    // Only while our lease holds: a process that took an expired lease over owns the row now.
    await transaction(db, (tx) =>
      tx
        .update(emailDeliveries)
        .set({
          attempts,
          lastError: error,
          leaseUntil: null,
          status: done ? 'delivered' : failed ? 'failed' : 'pending',
          nextAttemptAt: done || failed ? null : clock() + backoffMs(attempts),
          deliveredAt: done ? clock() : null,
        })
        .where(and(eq(emailDeliveries.id, id), eq(emailDeliveries.leaseUntil, leaseUntil))),
    )
    if (error) logger.warn({ deliveryId: id, attempts, error }, 'alert email not sent')
    return done
  }

  async function deliverDue() {
    const claimed = await claim(clock())
    let next = 0
    let delivered = 0
    const worker = async () => {
      while (next < claimed.length) {
        const c = claimed[next++]
        if (!c) break
        try {
          if (await send(c.id, c.leaseUntil ?? 0)) delivered++
        } catch (err) {
          logger.error({ err, deliveryId: c.id }, 'alert email failed')
        }
      }
    }
    await Promise.all(Array.from({ length: Math.min(concurrency, claimed.length) }, worker))
    return { attempted: claimed.length, delivered }
  }

  let timer: NodeJS.Timeout | undefined
  let running: Promise<unknown> | null = null
  return {
    /** One tick: claims what is due and waits for it to be sent (tests call this). */
    deliverDue,
    /** Ticks every `intervalMs`; a tick still sending makes the next one skip. */
    start(intervalMs = 5000) {
      if (timer) return
      const tick = () => {
        if (running) return
        running = deliverDue()
          .catch((err) => logger.error({ err }, 'alert email tick failed'))
          .finally(() => {
            running = null
          })
      }
      timer = setInterval(tick, intervalMs)
      timer.unref()
      tick()
    },
    /** Stops ticking, waits for the messages in flight, and closes the relay's connections. */
    async stop() {
      if (timer) clearInterval(timer)
      timer = undefined
      await running
      transport.close()
    },
  }
}

export type EmailSender = ReturnType<typeof createEmailSender>
