import { queryOptions, useQuery } from '@tanstack/react-query'
import { api, callApi } from '@/lib/api-client'

/** Tokens a bot key may be bound to: those the caller owns or holds `use` on. */
export async function getUsableTokens() {
  const { items } = await callApi(api.tokens.$get({ query: { limit: '200', sort: 'label' } }))
  return items
    .filter((t) => (t.access === 'owner' || t.access === 'use') && t.status !== 'revoked')
    .map((t) => ({ id: t.id, label: t.label, status: t.status, ownerName: t.ownerName }))
}

export const usableTokensQueryOptions = () =>
  queryOptions({ queryKey: ['bot-key-tokens'], queryFn: getUsableTokens })

export function useUsableTokens() {
  return useQuery(usableTokensQueryOptions())
}
