import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { CreateTokenInput } from '@tokendesk/shared/schemas/token'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function createToken(input: CreateTokenInput) {
  return callApi(api.tokens.$post({ json: input }))
}

export function useCreateToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.tokens.lists() }),
  })
}
