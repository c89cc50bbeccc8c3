import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { setupInputSchema } from '@tokendesk/shared/schemas/user'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { meQueryOptions } from './get-me'
import { setupStatusQueryOptions } from './get-setup-status'

export type SetupAdminInput = z.input<typeof setupInputSchema>

export function setupAdmin(input: SetupAdminInput) {
  return callApi(api.auth.setup.$post({ json: input }))
}

export function useSetupAdmin() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: setupAdmin,
    onSuccess: (user) => {
      queryClient.setQueryData(meQueryOptions().queryKey, user)
      queryClient.setQueryData(setupStatusQueryOptions().queryKey, { needed: false })
    },
  })
}
