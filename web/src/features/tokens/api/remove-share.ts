import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type RemoveShareInput = { id: string; userId: string }

export function removeShare({ id, userId }: RemoveShareInput) {
  return callApi(api.tokens[':id'].shares[':userId'].$delete({ param: { id, userId } }))
}

export function useRemoveShare() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: removeShare,
    onSuccess: (_result, { id }) =>
      // The token's key prefixes its shares and audit history, which both changed.
      queryClient.invalidateQueries({ queryKey: queryKeys.tokens.detail(id) }),
  })
}
