import { useMutation } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'

/** Sends a signed test event now; answers with what the receiver said. Nothing is queued. */
export function sendWebhookTest(id: string) {
  return callApi(api.webhooks[':id'].test.$post({ param: { id } }))
}

export function useSendWebhookTest() {
  return useMutation({ mutationFn: sendWebhookTest })
}
