import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { tokenQueryOptions } from './get-token'
import { tokenAuditQueryOptions } from './get-token-audit'
import { tokensQueryOptions } from './get-tokens'

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
        queryClient.invalidateQueries({ queryKey: tokenAuditQueryOptions(token.id).queryKey }),
        queryClient.invalidateQueries({ queryKey: tokensQueryOptions().queryKey }),
      ])
    },
    // A failed refresh may have changed the stored status (e.g. to needs_reauth).
    onError: (_error, { id }) =>
      queryClient.invalidateQueries({ queryKey: tokenQueryOptions(id).queryKey }),
  })
}
