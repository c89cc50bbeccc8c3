import type { NotificationView } from '@tokendesk/shared/schemas/notification'
import { Link } from 'react-router-dom'
import { RelativeTime } from '@/components/ui/relative-time'
import { paths } from '@/config/paths'

type NotificationItemProps = { notification: NotificationView; onOpen: () => void }

/** A reassigned token belongs to someone else now: its page would only say "not found". */
const NO_LINK: ReadonlySet<NotificationView['type']> = new Set(['reassigned', 'password_reset'])

/** The admin's break-glass reason, which the previous owner is entitled to read. */
function reasonOf({ type, detail }: NotificationView) {
  const reason = type === 'reassigned' ? detail?.reason : undefined
  return typeof reason === 'string' && reason ? reason : null
}

export function NotificationItem({ notification, onOpen }: NotificationItemProps) {
  const { title, tokenId, read, createdAt, type } = notification
  const reason = reasonOf(notification)
  return (
    <li className={read ? 'notification' : 'notification notification-unread'}>
      <p className="notification-title">
        {read ? null : <span className="visually-hidden">Unread: </span>}
        {tokenId && !NO_LINK.has(type) ? (
          <Link to={paths.tokenDetail.getHref(tokenId)} onClick={onOpen}>
            {title}
          </Link>
        ) : (
          title
        )}
      </p>
      {reason ? <p className="notification-detail">Reason: {reason}</p> : null}
      <p className="notification-time">
        <RelativeTime date={createdAt} />
      </p>
    </li>
  )
}
