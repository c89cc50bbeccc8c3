import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'

export function getUsers() {
  return callApi(api.users.$get())
}

export const usersQueryOptions = () => queryOptions({ queryKey: ['users'], queryFn: getUsers })

export function useUsers() {
  return useQuery(usersQueryOptions())
}
