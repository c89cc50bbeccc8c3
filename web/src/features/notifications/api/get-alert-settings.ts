import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getAlertSettings() {
  return callApi(api.notifications.settings.$get())
}

export const alertSettingsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.notifications.alertSettings(), queryFn: getAlertSettings })

export function useAlertSettings() {
  return useQuery(alertSettingsQueryOptions())
}
