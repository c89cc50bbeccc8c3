import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

/** The tokens minted from one installation (add-on and user tokens), from the token list. */
export async function getInstallationTokens(installationId: string) {
  const page = await callApi(api.tokens.$get({ query: { limit: '200' } }))
  return page.items.filter((token) => token.installationId === installationId)
}

export const installationTokensQueryOptions = (installationId: string) =>
  queryOptions({
    queryKey: queryKeys.tokens.byInstallation(installationId),
    queryFn: () => getInstallationTokens(installationId),
  })

export function useInstallationTokens(installationId: string) {
  return useQuery(installationTokensQueryOptions(installationId))
}
