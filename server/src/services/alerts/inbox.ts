import type { AlertSettingsView, NotificationView } from '@tokendesk/shared/schemas/notification'
import type { AppDeps, SessionUser } from '../../app-env'
import { markRead, readInbox, setAlertSettings } from './inbox-store'

type Deps = Pick<AppDeps, 'db' | 'clock' | 'config'>

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

/**
 * When a long-lived token's owner is alerted (days before expiry), and whether by email too;
 * `emailAvailable` says whether this server sends email at all.
 */
export function alertSettingsOf(
  { config }: Pick<Deps, 'config'>,
  user: Pick<SessionUser, 'alertDays' | 'emailAlerts'>,
): AlertSettingsView {
  return {
    expiryDays: user.alertDays,
    emailAlerts: user.emailAlerts,
    emailAvailable: config.smtp !== undefined,
  }
}

export async function updateAlertSettings(
  deps: Deps,
  user: SessionUser,
  input: { expiryDays?: number[]; emailAlerts?: boolean },
) {
  const saved = await setAlertSettings(
    deps.db,
    user.id,
    { alertDays: input.expiryDays, emailAlerts: input.emailAlerts },
    deps.clock(),
  )
  return alertSettingsOf(deps, saved ?? user)
}
