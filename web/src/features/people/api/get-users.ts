import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export function getUsers() {
  return callApi(api.users.$get())
}

export const usersQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.users.list(), queryFn: getUsers })

export function useUsers() {
  return useQuery(usersQueryOptions())
}
