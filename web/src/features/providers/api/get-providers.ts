import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getProviders() {
  return callApi(api.providers.$get())
}

export const providersQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.providers.list(), queryFn: getProviders })

export function useProviders() {
  return useQuery(providersQueryOptions())
}
