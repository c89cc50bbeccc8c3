import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getAddons() {
  return callApi(api.addons.$get())
}

export const addonsQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.addons.list(), queryFn: getAddons })

export function useAddons() {
  return useQuery(addonsQueryOptions())
}
