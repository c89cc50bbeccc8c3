import { lazy, Suspense, useEffect, useId, useRef, useState } from 'react'
import { Loading } from '@/components/ui/loading'
import { useNotifications } from '../api/get-notifications'
import { BellIcon } from './bell-icon'

// The bell sits in every page's header; the panel loads on first use to keep the shell small.
const loadPanel = () => import('./notification-panel')
const NotificationPanel = lazy(() => loadPanel().then((m) => ({ default: m.NotificationPanel })))

/** The visible badge text; the button's name repeats it so what is seen is what is named. */
export const badgeText = (unread: number) => (unread > 99 ? '99+' : String(unread))

export function bellLabel(unread: number) {
  return unread > 0 ? `Notifications, ${badgeText(unread)} unread` : 'Notifications'
}

/** The header bell: unread count, and a panel that Escape or a click elsewhere closes. */
export function NotificationBell() {
  const notifications = useNotifications()
  const [open, setOpen] = useState(false)
  const containerRef = useRef<HTMLDivElement>(null)
  const buttonRef = useRef<HTMLButtonElement>(null)
  const panelId = useId()
  const unread = notifications.data?.unread ?? 0

  useEffect(() => {
    if (!open) return
    const closeIfOutside = (event: Event) => {
      if (!containerRef.current?.contains(event.target as Node)) setOpen(false)
    }
    const closeOnEscape = (event: KeyboardEvent) => {
      if (event.key !== 'Escape') return
      const active = document.activeElement
      setOpen(false)
      if (!active || active === document.body || containerRef.current?.contains(active)) {
        buttonRef.current?.focus()
      }
    }
    document.addEventListener('pointerdown', closeIfOutside)
    document.addEventListener('focusin', closeIfOutside)
    document.addEventListener('keydown', closeOnEscape)
    return () => {
      document.removeEventListener('pointerdown', closeIfOutside)
      document.removeEventListener('focusin', closeIfOutside)
      document.removeEventListener('keydown', closeOnEscape)
    }
  }, [open])

  return (
    <div className="bell" ref={containerRef}>
      <button
        ref={buttonRef}
        type="button"
        className="button button-ghost bell-button"
        aria-label={bellLabel(unread)}
        aria-expanded={open}
        aria-controls={open ? panelId : undefined}
        onClick={() => setOpen((value) => !value)}
        onPointerEnter={loadPanel}
        onFocus={loadPanel}
      >
        <BellIcon />
        {unread > 0 ? (
          <span className="bell-count" aria-hidden="true">
            {badgeText(unread)}
          </span>
        ) : null}
      </button>
      {open ? (
        <Suspense
          fallback={
            <div className="notification-panel">
              <Loading label="Loading notifications…" />
            </div>
          }
        >
          <NotificationPanel id={panelId} query={notifications} onNavigate={() => setOpen(false)} />
        </Suspense>
      ) : null}
    </div>
  )
}
