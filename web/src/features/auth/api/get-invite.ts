import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

// Belongs in lib/query-keys.ts as `auth.invite(token)`, beside `auth.me()`.

/** Who an invite link is for; the token goes in the body, never in a URL. */
export function getInvite(token: string) {
  return callApi(api.auth.invite.$post({ json: { token } }))
}

export const inviteQueryOptions = (token: string) =>
  queryOptions({
    queryKey: queryKeys.auth.invite(token),
    queryFn: () => getInvite(token),
    staleTime: Number.POSITIVE_INFINITY,
  })

export function useInvite(token: string) {
  return useQuery({ ...inviteQueryOptions(token), enabled: token !== '' })
}
