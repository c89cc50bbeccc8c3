import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { tokenQueryOptions } from './get-token'

export function getTokenAudit(id: string) {
  return callApi(api.tokens[':id'].audit.$get({ param: { id } }))
}

export const tokenAuditQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...tokenQueryOptions(id).queryKey, 'audit'],
    queryFn: () => getTokenAudit(id),
  })

export function useTokenAudit(id: string) {
  return useQuery(tokenAuditQueryOptions(id))
}
