import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'

export function getAddons() {
  return callApi(api.addons.$get())
}

export const addonsQueryOptions = () => queryOptions({ queryKey: ['addons'], queryFn: getAddons })

export function useAddons() {
  return useQuery(addonsQueryOptions())
}
