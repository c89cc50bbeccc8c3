import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

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
        queryKey: queryKeys.tokens.detail(id),
        refetchType: 'none',
      })
      void queryClient.invalidateQueries({ queryKey: queryKeys.tokens.lists() })
    },
  })
}
