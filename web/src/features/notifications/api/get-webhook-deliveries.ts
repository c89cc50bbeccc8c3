import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { webhooksQueryOptions } from './get-webhooks'

export function getWebhookDeliveries(id: string) {
  return callApi(api.webhooks[':id'].deliveries.$get({ param: { id } }))
}

export const webhookDeliveriesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: [...webhooksQueryOptions().queryKey, id, 'deliveries'],
    queryFn: () => getWebhookDeliveries(id),
  })

export function useWebhookDeliveries(id: string) {
  return useQuery(webhookDeliveriesQueryOptions(id))
}
