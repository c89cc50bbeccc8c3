import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getTokenAudit(id: string) {
  return callApi(api.tokens[':id'].audit.$get({ param: { id } }))
}

export const tokenAuditQueryOptions = (id: string) =>
  queryOptions({
    queryKey: queryKeys.tokens.audit(id),
    queryFn: () => getTokenAudit(id),
  })

export function useTokenAudit(id: string) {
  return useQuery(tokenAuditQueryOptions(id))
}
