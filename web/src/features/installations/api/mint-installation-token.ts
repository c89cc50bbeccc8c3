import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type MintInstallationTokenInput = { id: string; scopes: string[] }

export function mintInstallationToken({ id, scopes }: MintInstallationTokenInput) {
  return callApi(api.installations[':id'].tokens.$post({ param: { id }, json: { scopes } }))
}

/** A new token changes the installation's token count and every token list. */
export function useMintInstallationToken() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: mintInstallationToken,
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.installations.list() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.tokens.all() }),
      ]),
  })
}
