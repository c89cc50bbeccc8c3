import { eq } from 'drizzle-orm'
import type { DbLike } from '../../db/client'
import { emailDeliveries, users } from '../../db/schema'

/**
 * Whether this process emails alerts (TOKENDESK_SMTP_URL set). `notify` runs inside its callers'
 * transactions, which carry no configuration, so the services set this when they are created.
 */
let emailing = false

export function setAlertEmailing(on: boolean) {
  emailing = on
}

/**
 * Queues one email of a new notification to its owner, in the caller's transaction: only when
 * this server sends email and the owner wants alerts by email (and may still sign in).
 */
export async function queueAlertEmail(
  tx: DbLike,
  notificationId: number,
  ownerId: string,
  now: number,
): Promise<boolean> {
  if (!emailing) return false
  const [owner] = await tx
    .select({ email: users.email, wants: users.emailAlerts, disabled: users.disabled })
    .from(users)
    .where(eq(users.id, ownerId))
    .limit(1)
  if (!owner?.wants || owner.disabled) return false
  await tx.insert(emailDeliveries).values({
    notificationId,
    to: owner.email,
    status: 'pending',
    nextAttemptAt: now,
    createdAt: now,
  })
  return true
}
