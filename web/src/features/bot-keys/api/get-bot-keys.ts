import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getBotKeys() {
  return callApi(api['bot-keys'].$get())
}

export const botKeysQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.botKeys.list(), queryFn: getBotKeys })

export function useBotKeys() {
  return useQuery(botKeysQueryOptions())
}
