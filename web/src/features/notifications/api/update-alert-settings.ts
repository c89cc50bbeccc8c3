import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { alertSettingsQueryOptions } from './get-alert-settings'

export function updateAlertSettings(expiryDays: number[]) {
  return callApi(api.notifications.settings.$put({ json: { expiryDays } }))
}

export function useUpdateAlertSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updateAlertSettings,
    onSuccess: (settings) =>
      queryClient.setQueryData(alertSettingsQueryOptions().queryKey, settings),
  })
}
