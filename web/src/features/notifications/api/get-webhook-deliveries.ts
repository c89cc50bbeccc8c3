import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getWebhookDeliveries(id: string) {
  return callApi(api.webhooks[':id'].deliveries.$get({ param: { id } }))
}

export const webhookDeliveriesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: queryKeys.webhooks.deliveries(id),
    queryFn: () => getWebhookDeliveries(id),
  })

export function useWebhookDeliveries(id: string) {
  return useQuery(webhookDeliveriesQueryOptions(id))
}
