import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getTrustedProviders() {
  return callApi(api.providers.trusted.$get())
}

export const trustedProvidersQueryOptions = () =>
  queryOptions({
    queryKey: queryKeys.providers.trusted(),
    queryFn: getTrustedProviders,
    staleTime: 60_000,
  })

export function useTrustedProviders() {
  return useQuery(trustedProvidersQueryOptions())
}
