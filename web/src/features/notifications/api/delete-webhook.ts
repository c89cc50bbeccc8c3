import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export async function deleteWebhook(id: string) {
  await callApi(api.webhooks[':id'].$delete({ param: { id } }))
}

export function useDeleteWebhook() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: deleteWebhook,
    // Only the list: the deleted webhook's delivery log would answer 404.
    onSuccess: () =>
      queryClient.invalidateQueries({ queryKey: queryKeys.webhooks.list(), exact: true }),
  })
}
