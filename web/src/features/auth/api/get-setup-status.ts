import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getSetupStatus() {
  return callApi(api.auth.setup.$get())
}

export const setupStatusQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.auth.setupStatus(), queryFn: getSetupStatus })

export function useSetupStatus() {
  return useQuery(setupStatusQueryOptions())
}
