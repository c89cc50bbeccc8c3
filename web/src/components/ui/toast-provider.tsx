import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ToastContext, type ToastTone } from './use-toast'

type Toast = { id: number; message: string; tone: ToastTone }

/** Long enough to read a sentence; a failure gets longer, since it asks for something. */
export const TOAST_LIFETIME_MS: Record<ToastTone, number> = {
  success: 4000,
  info: 4000,
  error: 8000,
}

/** At most this many at once; a new one drops the oldest. */
const MAX_TOASTS = 3

/**
 * Short confirmations in the bottom inline-start corner, away from the row actions at the end of
 * every table (styles/toasts.css). Pointing at or focusing one holds them all (WCAG 2.2.1).
 */
export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  const shown = useRef<Toast[]>([])
  const nextId = useRef(1)
  const timers = useRef(new Map<number, number>())
  const held = useRef(false)
  const region = useRef<HTMLDivElement>(null)

  const update = useCallback((next: (all: Toast[]) => Toast[]) => {
    shown.current = next(shown.current)
    setToasts(shown.current)
  }, [])

  const dismiss = useCallback(
    (id: number) => {
      update((all) => all.filter((t) => t.id !== id))
      window.clearTimeout(timers.current.get(id))
      timers.current.delete(id)
    },
    [update],
  )

  const schedule = useCallback(
    (toast: Toast) => {
      window.clearTimeout(timers.current.get(toast.id))
      timers.current.set(
        toast.id,
        window.setTimeout(() => dismiss(toast.id), TOAST_LIFETIME_MS[toast.tone]),
      )
    },
    [dismiss],
  )

  const notify = useCallback(
    (message: string, tone: ToastTone = 'success') => {
      const toast = { id: nextId.current++, message, tone }
      const dropped = shown.current.slice(0, -(MAX_TOASTS - 1))
      for (const old of dropped) dismiss(old.id)
      update((all) => [...all, toast])
      if (!held.current) schedule(toast)
    },
    [dismiss, schedule, update],
  )

  const hold = useCallback(() => {
    held.current = true
    for (const timer of timers.current.values()) window.clearTimeout(timer)
    timers.current.clear()
  }, [])

  const release = useCallback(() => {
    held.current = false
    for (const toast of shown.current) schedule(toast)
  }, [schedule])

  // A dismissed toast takes its focused button along, and browsers send no blur for that.
  const dismissByHand = (id: number) => {
    dismiss(id)
    window.setTimeout(() => {
      const el = region.current
      if (held.current && el && !el.matches(':hover') && !el.contains(document.activeElement)) {
        release()
      }
    })
  }

  useEffect(() => {
    const pending = timers.current
    return () => {
      for (const timer of pending.values()) window.clearTimeout(timer)
    }
  }, [])

  const api = useMemo(() => ({ notify }), [notify])

  return (
    <ToastContext.Provider value={api}>
      {children}
      {/* Always mounted so screen readers are already listening when a toast appears. */}
      <div
        ref={region}
        className="toast-region"
        role="status"
        aria-live="polite"
        aria-label="Notifications"
        onMouseEnter={hold}
        onMouseLeave={release}
        onFocus={hold}
        onBlur={(event) => {
          if (!event.currentTarget.contains(event.relatedTarget)) release()
        }}
      >
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`}>
            <span className="toast-message">{toast.message}</span>
            <button
              type="button"
              className="button button-ghost button-small toast-dismiss"
              onClick={() => dismissByHand(toast.id)}
            >
              Dismiss<span className="visually-hidden"> notification</span>
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  )
}
