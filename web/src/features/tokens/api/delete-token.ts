import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { tokenQueryOptions } from './get-token'
import { tokensQueryOptions } from './get-tokens'

export function deleteToken(id: string) {
  return callApi(api.tokens[':id'].$delete({ param: { id } }))
}

export function useDeleteToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteToken,
    onSuccess: (_result, id) => {
      // Marked stale without a refetch: the open detail page is about to navigate away, and
      // coming back later fetches again (and shows "not found").
      void queryClient.invalidateQueries({
        queryKey: tokenQueryOptions(id).queryKey,
        refetchType: 'none',
      })
      void queryClient.invalidateQueries({ queryKey: tokensQueryOptions().queryKey })
    },
  })
}
