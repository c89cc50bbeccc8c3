import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { createWebhookInputSchema } from '@tokendesk/shared/schemas/notification'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type CreateWebhookInput = z.input<typeof createWebhookInputSchema>

/** Answers with the signing secret, which is shown this once. */
export function createWebhook(input: CreateWebhookInput) {
  return callApi(api.webhooks.$post({ json: input }))
}

export function useCreateWebhook() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createWebhook,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.webhooks.list() }),
  })
}
