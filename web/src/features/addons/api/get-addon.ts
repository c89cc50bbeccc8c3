import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'

export function getAddon(id: string) {
  return callApi(api.addons[':id'].$get({ param: { id } }))
}

export const addonQueryOptions = (id: string) =>
  queryOptions({ queryKey: ['addons', id], queryFn: () => getAddon(id) })

export function useAddon(id: string) {
  return useQuery(addonQueryOptions(id))
}
