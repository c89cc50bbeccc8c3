import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getShares(id: string) {
  return callApi(api.tokens[':id'].shares.$get({ param: { id } }))
}

export const sharesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: queryKeys.tokens.shares(id),
    queryFn: () => getShares(id),
  })

/** `enabled` false when the viewer may not list shares: the request would only answer 403. */
export function useShares(id: string, enabled = true) {
  return useQuery({ ...sharesQueryOptions(id), enabled })
}
