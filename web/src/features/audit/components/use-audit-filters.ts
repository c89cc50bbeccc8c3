import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router-dom'
import type { AuditFilters } from '../api/get-audit-events'

const DATE = /^\d{4}-\d{2}-\d{2}$/

/** A yyyy-mm-dd from the URL as the start or end of that day in local time. */
function dayBoundary(day: string | null, end: boolean) {
  if (!day || !DATE.test(day)) return undefined
  const d = new Date(`${day}T${end ? '23:59:59.999' : '00:00:00'}`)
  return Number.isNaN(d.getTime()) ? undefined : d.toISOString()
}

export type AuditFilterKey = 'actor' | 'action' | 'from' | 'to'

/** Audit filters in the URL: `?actor=ana@example.com&action=token.&from=2026-03-01`. */
export function useAuditFilters() {
  const [params, setParams] = useSearchParams()
  const raw = useMemo(
    () => ({
      actor: params.get('actor') ?? '',
      action: params.get('action') ?? '',
      from: params.get('from') ?? '',
      to: params.get('to') ?? '',
    }),
    [params],
  )
  const filters = useMemo<AuditFilters>(
    () => ({
      actor: raw.actor.trim() || undefined,
      action: raw.action.trim() || undefined,
      from: dayBoundary(raw.from, false),
      to: dayBoundary(raw.to, true),
    }),
    [raw],
  )
  const setFilter = useCallback(
    (key: AuditFilterKey, value: string) =>
      setParams(
        (current) => {
          const next = new URLSearchParams(current)
          if (value) next.set(key, value)
          else next.delete(key)
          return next
        },
        { replace: true },
      ),
    [setParams],
  )
  const clear = useCallback(() => setParams({}, { replace: true }), [setParams])
  const filtered = Object.values(raw).some(Boolean)
  return { raw, filters, setFilter, clear, filtered }
}
