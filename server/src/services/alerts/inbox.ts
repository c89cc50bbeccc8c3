import type { NotificationView } from '@tokendesk/shared/schemas/notification'
import type { AppDeps, SessionUser } from '../../app-env'
import { markRead, readInbox, setAlertDays } from './inbox-store'

type Deps = Pick<AppDeps, 'db' | 'clock'>

/** The bell: the newest 100 notifications and the unread count. */
export async function listNotifications({ db }: Deps, user: SessionUser) {
  const { rows, unread } = await readInbox(db, user.id, 100)
  const items: NotificationView[] = rows.map((r) => ({
    id: r.id,
    type: r.type,
    title: r.title,
    tokenId: r.tokenId,
    detail: r.detail ?? null,
    createdAt: new Date(r.createdAt).toISOString(),
    read: r.readAt !== null,
  }))
  return { items, unread }
}

export async function markNotificationsRead(
  { db, clock }: Deps,
  user: SessionUser,
  input: { ids?: number[]; all?: boolean },
) {
  if (input.all) await markRead(db, user.id, 'all', clock())
  else if (input.ids?.length) await markRead(db, user.id, input.ids, clock())
}

/** Days before a long-lived token's expiry at which its owner is alerted. */
export async function setExpiryAlertDays({ db, clock }: Deps, user: SessionUser, days: number[]) {
  await setAlertDays(db, user.id, days, clock())
  return days
}
