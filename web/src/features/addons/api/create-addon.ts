import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { createAddonInputSchema } from '@tokendesk/shared/schemas/installation'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type CreateAddonInput = z.input<typeof createAddonInputSchema>

export function createAddon(input: CreateAddonInput) {
  return callApi(api.addons.$post({ json: input }))
}

export function useCreateAddon() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createAddon,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.addons.list() }),
  })
}
