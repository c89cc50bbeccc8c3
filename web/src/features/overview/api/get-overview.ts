import { queryOptions, useQuery, useQueryClient } from '@tanstack/react-query'
import type { Overview } from '@tokendesk/shared/schemas/overview'
import { useEffect } from 'react'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type TimelineItem = Overview['timeline'][number]
export type FailingItem = Overview['failing'][number]
export type RefreshHour = Overview['refreshHealth'][number]
export type FailingProvider = Overview['failingProviders'][number]

/** Counts, the 90-day expiry timeline, refresh health and recent activity in one request. */
export function getOverview() {
  return callApi(api.overview.$get())
}

export const overviewQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.overview(), queryFn: getOverview, refetchInterval: 60_000 })

export function useOverview() {
  return useQuery(overviewQueryOptions())
}

/**
 * Marks the overview stale when the page is left, so coming back fetches it anew: other pages
 * change what it counts (a token pasted, a bot key created) and the checklist must tick at once.
 */
export function useFreshOverviewOnReturn() {
  const queryClient = useQueryClient()
  useEffect(
    () => () => {
      void queryClient.invalidateQueries({
        queryKey: overviewQueryOptions().queryKey,
        refetchType: 'none',
      })
    },
    [queryClient],
  )
}
