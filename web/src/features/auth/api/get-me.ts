import { queryOptions, useQuery } from '@tanstack/react-query'
import type { User } from '@tokendesk/shared/schemas/user'
import { api, callApi, isApiError } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

/** The signed-in user, or null when there is no valid session. */
export async function getMe(): Promise<User | null> {
  try {
    return await callApi(api.auth.me.$get())
  } catch (error) {
    if (isApiError(error) && error.status === 401) return null
    throw error
  }
}

export const meQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.auth.me(), queryFn: getMe, staleTime: 60_000 })

export function useMe() {
  return useQuery(meQueryOptions())
}

/** For pages behind `RequireAuth`, where the session is already loaded. */
export function useCurrentUser(): User {
  const { data } = useMe()
  if (!data) throw new Error('useCurrentUser needs a signed-in user (render it inside RequireAuth)')
  return data
}
