import { useMutation, useQueryClient } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function revokeBotKey(id: string) {
  return callApi(api['bot-keys'][':id'].$delete({ param: { id } }))
}

export function useRevokeBotKey() {
  const queryClient = useQueryClient()
  return useMutation({
    mutationFn: revokeBotKey,
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.botKeys.list() }),
  })
}
