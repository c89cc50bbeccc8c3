import { type ReactNode, useCallback, useEffect, useMemo, useRef, useState } from 'react'
import { ToastContext, type ToastTone } from './use-toast'

type Toast = { id: number; message: string; tone: ToastTone }

const DISMISS_AFTER_MS = 6000

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([])
  const nextId = useRef(1)
  const timers = useRef(new Map<number, number>())

  const dismiss = useCallback((id: number) => {
    setToasts((all) => all.filter((t) => t.id !== id))
    window.clearTimeout(timers.current.get(id))
    timers.current.delete(id)
  }, [])

  const notify = useCallback(
    (message: string, tone: ToastTone = 'success') => {
      const id = nextId.current++
      setToasts((all) => [...all.slice(-3), { id, message, tone }])
      timers.current.set(
        id,
        window.setTimeout(() => dismiss(id), DISMISS_AFTER_MS),
      )
    },
    [dismiss],
  )

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
      <div className="toast-region" role="status" aria-live="polite" aria-label="Notifications">
        {toasts.map((toast) => (
          <div key={toast.id} className={`toast toast-${toast.tone}`}>
            <span className="toast-message">{toast.message}</span>
            <button
              type="button"
              className="button button-ghost button-small"
              onClick={() => dismiss(toast.id)}
            >
              Dismiss<span className="visually-hidden"> notification</span>
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  )
}
