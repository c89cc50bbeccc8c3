import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { tokenQueryOptions } from './get-token'
import { tokensQueryOptions } from './get-tokens'

export function revokeToken(id: string) {
  return callApi(api.tokens[':id'].revoke.$post({ param: { id } }))
}

export function useRevokeToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: revokeToken,
    onSuccess: (_result, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: tokenQueryOptions(id).queryKey }),
        queryClient.invalidateQueries({ queryKey: tokensQueryOptions().queryKey }),
      ]),
  })
}
