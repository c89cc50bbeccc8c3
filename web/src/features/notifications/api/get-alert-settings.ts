import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'

export function getAlertSettings() {
  return callApi(api.notifications.settings.$get())
}

export const alertSettingsQueryOptions = () =>
  queryOptions({ queryKey: ['alert-settings'], queryFn: getAlertSettings })

export function useAlertSettings() {
  return useQuery(alertSettingsQueryOptions())
}
