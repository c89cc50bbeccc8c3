import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

const PENDING_POLL_MS = 2_000
const SOON_MS = 60_000

export function getWebhookDeliveries(id: string) {
  return callApi(api.webhooks[':id'].deliveries.$get({ param: { id } }))
}

export const webhookDeliveriesQueryOptions = (id: string) =>
  queryOptions({
    queryKey: queryKeys.webhooks.deliveries(id),
    queryFn: () => getWebhookDeliveries(id),
  })

/** Polled while a delivery is about to be tried, so a redelivery's outcome shows by itself. */
export function useWebhookDeliveries(id: string) {
  return useQuery({
    ...webhookDeliveriesQueryOptions(id),
    refetchInterval: (query) => {
      const soon = Date.now() + SOON_MS
      const due = query.state.data?.items.some(
        (d) => d.status === 'pending' && (!d.nextAttemptAt || Date.parse(d.nextAttemptAt) <= soon),
      )
      return due ? PENDING_POLL_MS : false
    },
  })
}
