import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function revokeToken(id: string) {
  return callApi(api.tokens[':id'].revoke.$post({ param: { id } }))
}

export function useRevokeToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: revokeToken,
    onSuccess: (_result, id) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.tokens.detail(id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.tokens.lists() }),
      ]),
  })
}
