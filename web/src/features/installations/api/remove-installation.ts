import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export async function removeInstallation(id: string) {
  await callApi(api.installations[':id'].$delete({ param: { id } }))
}

/** Removing wipes the secret and revokes the installation's tokens, so token lists change too. */
export function useRemoveInstallation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: removeInstallation,
    // Not awaited: the page re-renders as removed, so the caller's callbacks must run first.
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.installations.list() })
      void queryClient.invalidateQueries({ queryKey: queryKeys.tokens.all() })
    },
  })
}
