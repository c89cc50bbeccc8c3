import { useMutation, useQueryClient } from '@tanstack/react-query'
import type { RotateBotKeyInput } from '@tokendesk/shared/schemas/bot-key'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function rotateBotKey({ id, ...json }: RotateBotKeyInput & { id: string }) {
  return callApi(api['bot-keys'][':id'].rotate.$post({ param: { id }, json }))
}

/** The answer carries the new key itself, once; callers show it and then let it go. */
export function useRotateBotKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: rotateBotKey,
    // The mutation cache would otherwise keep the one-time key in memory after the dialog closes.
    gcTime: 0,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.botKeys.list() }),
  })
}
