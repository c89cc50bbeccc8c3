import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'

export function getBotKeys() {
  return callApi(api['bot-keys'].$get())
}

export const botKeysQueryOptions = () =>
  queryOptions({ queryKey: ['bot-keys'], queryFn: getBotKeys })

export function useBotKeys() {
  return useQuery(botKeysQueryOptions())
}
