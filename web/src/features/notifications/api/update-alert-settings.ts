import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { alertSettingsSchema } from '@tokendesk/shared/schemas/notification'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { alertSettingsQueryOptions } from './get-alert-settings'

/** Either part of the settings, or both: what is left out stays as it is. */
export type AlertSettingsInput = z.input<typeof alertSettingsSchema>

export function updateAlertSettings(input: AlertSettingsInput) {
  return callApi(api.notifications.settings.$put({ json: input }))
}

export function useUpdateAlertSettings() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: updateAlertSettings,
    onSuccess: (settings) =>
      queryClient.setQueryData(alertSettingsQueryOptions().queryKey, settings),
  })
}
