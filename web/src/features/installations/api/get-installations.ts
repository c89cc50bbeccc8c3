import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getInstallations() {
  return callApi(api.installations.$get())
}

export const installationsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.installations.list(), queryFn: getInstallations })

/** Installs happen in the provider's admin, usually in another tab: look again on return. */
export function useInstallations() {
  return useQuery({ ...installationsQueryOptions(), refetchOnWindowFocus: 'always' })
}
