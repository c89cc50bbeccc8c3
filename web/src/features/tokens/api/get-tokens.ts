import { infiniteQueryOptions, keepPreviousData, useInfiniteQuery } from '@tanstack/react-query'
import type { TokenKind, TokenStatus } from '@tokendesk/shared/schemas/token'
import { api, callApi } from '@/lib/api-client'
import { queryKeys } from '@/lib/query-keys'

export type TokenScope = 'mine' | 'shared' | 'all'
export type TokenSort = 'expiry' | 'label' | 'created'

export type TokenFilters = {
  kind?: TokenKind | undefined
  status?: TokenStatus | undefined
  scope?: TokenScope | undefined
  q?: string | undefined
  sort?: TokenSort | undefined
}

export const TOKENS_PAGE_SIZE = 50

export function getTokens(filters: TokenFilters, cursor?: string, limit = TOKENS_PAGE_SIZE) {
  const query: Record<string, string> = { limit: String(limit) }
  for (const [key, value] of Object.entries(filters)) if (value) query[key] = value
  if (cursor) query.cursor = cursor
  return callApi(api.tokens.$get({ query }))
}

export const tokensQueryOptions = (filters: TokenFilters = {}) =>
  infiniteQueryOptions({
    queryKey: queryKeys.tokens.list(filters),
    queryFn: ({ pageParam }) => getTokens(filters, pageParam),
    initialPageParam: undefined as string | undefined,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
  })

export function useTokens(filters: TokenFilters) {
  // While a new filter loads, the previous rows stay (marked busy) instead of flashing away.
  return useInfiniteQuery({ ...tokensQueryOptions(filters), placeholderData: keepPreviousData })
}
