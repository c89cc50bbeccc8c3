import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type AuditFilters = {
  actor?: string | undefined
  action?: string | undefined
  /** ISO date-times with offset. */
  from?: string | undefined
  to?: string | undefined
}

export const AUDIT_PAGE_SIZE = 50

export function getAuditEvents(filters: AuditFilters, cursor?: string) {
  const query: Record<string, string> = { limit: String(AUDIT_PAGE_SIZE) }
  for (const [key, value] of Object.entries(filters)) if (value) query[key] = value
  if (cursor) query.cursor = cursor
  return callApi(api.audit.$get({ query }))
}

export const auditEventsQueryOptions = (filters: AuditFilters = {}) =>
  infiniteQueryOptions({
    queryKey: queryKeys.audit.list(filters),
    queryFn: ({ pageParam }) => getAuditEvents(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })

export function useAuditEvents(filters: AuditFilters) {
  return useInfiniteQuery({
    ...auditEventsQueryOptions(filters),
    placeholderData: keepPreviousData,
  })
}
