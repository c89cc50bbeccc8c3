import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type RedeliverInput = { webhookId: string; deliveryId: number }

/** Queues a delivered or given-up delivery again; the server's sender posts it within seconds. */
export async function redeliverWebhookDelivery({ webhookId, deliveryId }: RedeliverInput) {
  await callApi(
    api.webhooks[':id'].deliveries[':deliveryId'].redeliver.$post({
      param: { id: webhookId, deliveryId: String(deliveryId) },
    }),
  )
}

export function useRedeliverWebhookDelivery() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: redeliverWebhookDelivery,
    // The log and the list's counts both change.
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.webhooks.list() }),
  })
}
