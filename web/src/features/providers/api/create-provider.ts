import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { createProviderInputSchema } from '@tokendesk/shared/schemas/installation'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type CreateProviderInput = z.input<typeof createProviderInputSchema>

export function createProvider(input: CreateProviderInput) {
  return callApi(api.providers.$post({ json: input }))
}

export function useCreateProvider() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createProvider,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.providers.list() }),
  })
}
