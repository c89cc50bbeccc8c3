import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'

export function getProviders() {
  return callApi(api.providers.$get())
}

export const providersQueryOptions = () =>
  queryOptions({ queryKey: ['providers'], queryFn: getProviders })

export function useProviders() {
  return useQuery(providersQueryOptions())
}
