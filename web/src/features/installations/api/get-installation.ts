import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getInstallation(id: string) {
  return callApi(api.installations[':id'].$get({ param: { id } }))
}

export const installationQueryOptions = (id: string) =>
  queryOptions({ queryKey: queryKeys.installations.detail(id), queryFn: () => getInstallation(id) })

export function useInstallation(id: string) {
  return useQuery(installationQueryOptions(id))
}
