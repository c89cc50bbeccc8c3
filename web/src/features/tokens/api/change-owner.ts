import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { tokenQueryOptions } from './get-token'
import { tokensQueryOptions } from './get-tokens'

export type ChangeOwnerInput = { id: string; email: string }

export function changeOwner({ id, email }: ChangeOwnerInput) {
  return callApi(api.tokens[':id'].owner.$post({ param: { id }, json: { email } }))
}

export function useChangeOwner() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: changeOwner,
    onSuccess: (_result, { id }) =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: tokenQueryOptions(id).queryKey }),
        queryClient.invalidateQueries({ queryKey: tokensQueryOptions().queryKey }),
      ]),
  })
}
