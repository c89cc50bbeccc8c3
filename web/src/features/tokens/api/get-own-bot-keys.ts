import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

/** The viewer's bot keys, to show which of them fetch a token (the bot keys page's own list). */
export function getOwnBotKeys() {
  return callApi(api['bot-keys'].$get())
}

export const ownBotKeysQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.botKeys.list(), queryFn: getOwnBotKeys })

export function useOwnBotKeys() {
  return useQuery(ownBotKeysQueryOptions())
}
