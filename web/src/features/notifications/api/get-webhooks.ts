import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getWebhooks() {
  return callApi(api.webhooks.$get())
}

export const webhooksQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.webhooks.list(), queryFn: getWebhooks })

export function useWebhooks() {
  return useQuery(webhooksQueryOptions())
}
