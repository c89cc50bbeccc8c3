import type { NotificationView } from '@tokendesk/shared/schemas/notification'
import { Link } from 'react-router-dom'
import { RelativeTime } from '@/components/ui/relative-time'
import { paths } from '@/config/paths'

type NotificationItemProps = { notification: NotificationView; onOpen: () => void }

export function NotificationItem({ notification, onOpen }: NotificationItemProps) {
  const { title, tokenId, read, createdAt } = notification
  return (
    <li className={read ? 'notification' : 'notification notification-unread'}>
      <p className="notification-title">
        {read ? null : <span className="visually-hidden">Unread: </span>}
        {tokenId ? (
          <Link to={paths.tokenDetail.getHref(tokenId)} onClick={onOpen}>
            {title}
          </Link>
        ) : (
          title
        )}
      </p>
      <p className="notification-time">
        <RelativeTime date={createdAt} />
      </p>
    </li>
  )
}
