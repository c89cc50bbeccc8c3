import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function setBotKeyTokens({ id, tokenIds }: { id: string; tokenIds: string[] }) {
  return callApi(api['bot-keys'][':id'].tokens.$put({ param: { id }, json: { tokenIds } }))
}

export function useSetBotKeyTokens() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: setBotKeyTokens,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.botKeys.list() }),
  })
}
