import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { markReadInputSchema } from '@tokendesk/shared/schemas/notification'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type MarkReadInput = z.input<typeof markReadInputSchema>

export async function markNotificationsRead(input: MarkReadInput) {
  await callApi(api.notifications.read.$post({ json: input }))
}

export function useMarkNotificationsRead() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: markNotificationsRead,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.notifications.list() }),
  })
}
