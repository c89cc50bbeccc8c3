import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

// Belongs in lib/query-keys.ts as `users.invites()`; under `users.list()`, so changes to people
// refresh it too.

export function getInvites() {
  return callApi(api.users.invites.$get())
}

export const invitesQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.users.invites(), queryFn: getInvites })

export function useInvites() {
  return useQuery(invitesQueryOptions())
}
