import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'

export function getWebhooks() {
  return callApi(api.webhooks.$get())
}

export const webhooksQueryOptions = () =>
  queryOptions({ queryKey: ['webhooks'], queryFn: getWebhooks })

export function useWebhooks() {
  return useQuery(webhooksQueryOptions())
}
