import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'

export function getSetupStatus() {
  return callApi(api.auth.setup.$get())
}

export const setupStatusQueryOptions = () =>
  queryOptions({ queryKey: ['auth', 'setup-status'], queryFn: getSetupStatus })

export function useSetupStatus() {
  return useQuery(setupStatusQueryOptions())
}
