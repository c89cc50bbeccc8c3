import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { manualInstallationInputSchema } from '@tokendesk/shared/schemas/installation'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type RegisterInstallationInput = z.input<typeof manualInstallationInputSchema>

export function registerInstallation(input: RegisterInstallationInput) {
  return callApi(api.installations.$post({ json: input }))
}

export function useRegisterInstallation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: registerInstallation,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.installations.list() }),
  })
}
