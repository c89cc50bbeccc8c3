import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

/** Break glass: `reason` is kept in the audit and sent to the previous owner. */
export type ChangeOwnerInput = { id: string; email: string; reason: string }

export function changeOwner({ id, email, reason }: ChangeOwnerInput) {
  return callApi(api.tokens[':id'].owner.$post({ param: { id }, json: { email, reason } }))
}

export function useChangeOwner() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: changeOwner,
    onSuccess: (_result, { id }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.tokens.detail(id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.tokens.lists() }),
      ]),
  })
}
