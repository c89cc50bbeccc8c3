import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type MintProviderTokenInput = { id: string; scopes?: string[] }

/** A client-credentials grant; without scopes the provider's default scopes are asked for. */
export function mintProviderToken({ id, scopes = [] }: MintProviderTokenInput) {
  return callApi(api.providers[':id'].tokens.$post({ param: { id }, json: { scopes } }))
}

export function useMintProviderToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: mintProviderToken,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.providers.list() }),
        // Every token list and detail query starts with 'tokens'.
        queryClient.invalidateQueries({ queryKey: queryKeys.tokens.all() }),
      ]),
  })
}
