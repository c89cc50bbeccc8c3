import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'
import { tokenQueryOptions } from './get-token'

/** `generation` is the one on screen: if someone refreshed since, the server answers with theirs. */
export type RefreshTokenInput = { id: string; generation: number }

export function refreshToken({ id, generation }: RefreshTokenInput) {
  return callApi(api.tokens[':id'].refresh.$post({ param: { id }, json: { generation } }))
}

export function useRefreshToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: refreshToken,
    onSuccess: (token) => {
      queryClient.setQueryData(tokenQueryOptions(token.id).queryKey, token)
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.tokens.audit(token.id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.tokens.lists() }),
      ])
    },
    // A failed refresh may have changed the stored status (e.g. to needs_reauth).
    onError: (_error, { id }) =>
      queryClient.invalidateQueries({ queryKey: queryKeys.tokens.detail(id) }),
  })
}
