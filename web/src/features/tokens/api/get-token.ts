import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getToken(id: string) {
  return callApi(api.tokens[':id'].$get({ param: { id } }))
}

export const tokenQueryOptions = (id: string) =>
  queryOptions({ queryKey: queryKeys.tokens.detail(id), queryFn: () => getToken(id) })

export function useToken(id: string) {
  return useQuery(tokenQueryOptions(id))
}
