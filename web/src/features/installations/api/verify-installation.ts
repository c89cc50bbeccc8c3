import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'
import { installationQueryOptions } from './get-installation'

export function verifyInstallation(id: string) {
  return callApi(api.installations[':id'].verify.$post({ param: { id } }))
}

export function useVerifyInstallation() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: verifyInstallation,
    onSuccess: async (installation) => {
      queryClient.setQueryData(installationQueryOptions(installation.id).queryKey, installation)
      await queryClient.invalidateQueries({ queryKey: queryKeys.installations.list() })
    },
  })
}
