import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { CreateTokenInput } from '@tokendesk/shared/schemas/token'
import { api, callApi } from '@/lib/api-client'
import { tokensQueryOptions } from './get-tokens'

export function createToken(input: CreateTokenInput) {
  return callApi(api.tokens.$post({ json: input }))
}

export function useCreateToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createToken,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: tokensQueryOptions().queryKey }),
  })
}
