import type { UseQueryResult } from '@tanstack/react-query'
import { useEffect, useId, useRef } from 'react'
import { Link } from 'react-router-dom'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { paths } from '@/config/paths'
import { formatError } from '@/lib/format-error'
import type { getNotifications } from '../api/get-notifications'
import { useMarkNotificationsRead } from '../api/mark-notifications-read'
import { NotificationItem } from './notification-item'

type NotificationPanelProps = {
  id: string
  query: UseQueryResult<Awaited<ReturnType<typeof getNotifications>>>
  /** Following a link inside closes the panel. */
  onNavigate: () => void
}

export function NotificationPanel({ id, query, onNavigate }: NotificationPanelProps) {
  const markRead = useMarkNotificationsRead()
  const panelRef = useRef<HTMLDivElement>(null)
  const headingId = useId()
  const unread = query.data?.unread ?? 0

  useEffect(() => panelRef.current?.focus(), [])

  return (
    <div
      ref={panelRef}
      id={id}
      className="notification-panel"
      role="dialog"
      aria-labelledby={headingId}
      tabIndex={-1}
    >
      <div className="notification-panel-header">
        <h2 id={headingId}>Notifications</h2>
        <button
          type="button"
          className="button button-secondary button-small"
          // The button turns disabled once all is read; keep focus inside the panel.
          onClick={() =>
            markRead.mutate({ all: true }, { onSuccess: () => panelRef.current?.focus() })
          }
          disabled={unread === 0 || markRead.isPending}
        >
          Mark all read
        </button>
      </div>
      {markRead.isError ? (
        <p className="field-error" role="alert">
          Could not mark them read: {formatError(markRead.error)}
        </p>
      ) : null}
      {query.isPending ? (
        <Loading label="Loading notifications…" />
      ) : query.isError ? (
        <QueryError
          title="Could not load notifications"
          error={query.error}
          onRetry={() => query.refetch()}
        />
      ) : query.data.items.length === 0 ? (
        <p className="notification-empty">
          Nothing yet. Token Desk tells you here when a token is about to expire or a refresh fails.
        </p>
      ) : (
        <ul className="notification-list">
          {query.data.items.map((item) => (
            <NotificationItem
              key={item.id}
              notification={item}
              onOpen={() => {
                if (!item.read) markRead.mutate({ ids: [item.id] })
                onNavigate()
              }}
            />
          ))}
        </ul>
      )}
      <p className="notification-panel-footer">
        <Link to={paths.alertSettings.getHref()} onClick={onNavigate}>
          Alert settings
        </Link>
      </p>
    </div>
  )
}
