import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { RecheckTokenInput } from '@tokendesk/shared/schemas/token'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'
import { tokenQueryOptions } from './get-token'

export type RecheckTokenVariables = { id: string; input: RecheckTokenInput }

export function recheckToken({ id, input }: RecheckTokenVariables) {
  return callApi(api.tokens[':id'].recheck.$post({ param: { id }, json: input }))
}

export function useRecheckToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: recheckToken,
    onSuccess: (token) => {
      queryClient.setQueryData(tokenQueryOptions(token.id).queryKey, token)
      return Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.tokens.audit(token.id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.tokens.lists() }),
      ])
    },
  })
}
