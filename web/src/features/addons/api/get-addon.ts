import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getAddon(id: string) {
  return callApi(api.addons[':id'].$get({ param: { id } }))
}

export const addonQueryOptions = (id: string) =>
  queryOptions({ queryKey: queryKeys.addons.detail(id), queryFn: () => getAddon(id) })

export function useAddon(id: string) {
  return useQuery(addonQueryOptions(id))
}
