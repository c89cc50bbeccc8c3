import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

/** Tokens a bot key may be bound to: the server's policy says so in `allowed` (`token.bind_key`). */
export async function getUsableTokens() {
  const { items } = await callApi(api.tokens.$get({ query: { limit: '200', sort: 'label' } }))
  return items
    .filter((t) => t.allowed.includes('token.bind_key') && t.status !== 'revoked')
    .map((t) => ({ id: t.id, label: t.label, status: t.status, ownerName: t.ownerName }))
}

export const usableTokensQueryOptions = () =>
  queryOptions({ queryKey: queryKeys.tokens.bindable(), queryFn: getUsableTokens })

export function useUsableTokens() {
  return useQuery(usableTokensQueryOptions())
}
