import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type AddShareInput = { id: string; email: string; access: 'view' | 'use' }

export function addShare({ id, email, access }: AddShareInput) {
  return callApi(api.tokens[':id'].shares.$post({ param: { id }, json: { email, access } }))
}

export function useAddShare() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: addShare,
    onSuccess: (_share, { id }) =>
      // The token's key prefixes its shares and audit history, which both changed.
      queryClient.invalidateQueries({ queryKey: queryKeys.tokens.detail(id) }),
  })
}
