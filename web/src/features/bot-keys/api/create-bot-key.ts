import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { createBotKeyInputSchema } from '@tokendesk/shared/schemas/bot-key'
import type { z } from 'zod'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type CreateBotKeyInput = z.input<typeof createBotKeyInputSchema>

export function createBotKey(input: CreateBotKeyInput) {
  return callApi(api['bot-keys'].$post({ json: input }))
}

/** The answer carries the key itself, once; callers show it and then let it go. */
export function useCreateBotKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: createBotKey,
    // The mutation cache would otherwise keep the one-time key in memory after the dialog closes.
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.botKeys.list() }),
  })
}
