import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

/** Under the list's key, so whatever refreshes the list refreshes these too. */

export async function getBotKeyFailures(id: string) {
  return callApi(api['bot-keys'][':id'].failures.$get({ param: { id } }))
}

export const botKeyFailuresQueryOptions = (id: string) =>
  queryOptions({ queryKey: queryKeys.botKeys.failures(id), queryFn: () => getBotKeyFailures(id) })

export function useBotKeyFailures(id: string) {
  return useQuery(botKeyFailuresQueryOptions(id))
}
