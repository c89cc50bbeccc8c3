import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

const POLL_MS = 30_000

export function getNotifications() {
  return callApi(api.notifications.$get())
}

export const notificationsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.notifications.list(), queryFn: getNotifications })

/** Polled while the tab is visible, so the bell's count stays current. */
export function useNotifications() {
  return useQuery({ ...notificationsQueryOptions(), refetchInterval: POLL_MS })
}
