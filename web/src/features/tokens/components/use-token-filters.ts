import { TOKEN_KINDS, TOKEN_STATUSES, type TokenKind } from '@tokendesk/shared/schemas/token'
import { useCallback, useMemo } from 'react'
import { useSearchParams } from 'react-router-dom'
import type { TokenFilters, TokenScope, TokenSort } from '../api/get-tokens'

const SCOPES: readonly TokenScope[] = ['mine', 'shared', 'all']
export const SORTS: readonly TokenSort[] = ['expiry', 'label', 'created']

function oneOf<T extends string>(allowed: readonly T[], value: string | null): T | undefined {
  return allowed.find((candidate) => candidate === value)
}

export type FilterKey = keyof TokenFilters

/** How many of the folded choices (all but the search box) differ from the default view. */
export function countFoldedFilters(filters: TokenFilters) {
  const changed = [
    filters.kind,
    filters.status,
    filters.scope,
    (filters.sort ?? 'expiry') !== 'expiry',
  ]
  return changed.filter(Boolean).length
}

/** Filter state lives in the URL (`/tokens?status=expiring`), so any page can link to a view. */
export function useTokenFilters(isAdmin: boolean) {
  const [params, setParams] = useSearchParams()

  const filters = useMemo<TokenFilters>(() => {
    const scope = oneOf(SCOPES, params.get('scope'))
    return {
      kind: oneOf<TokenKind>(TOKEN_KINDS, params.get('kind')),
      status: oneOf(TOKEN_STATUSES, params.get('status')),
      scope: scope === 'all' && !isAdmin ? undefined : scope,
      q: params.get('q')?.trim() || undefined,
      sort: oneOf(SORTS, params.get('sort')) ?? 'expiry',
    }
  }, [params, isAdmin])

  const setFilter = useCallback(
    (key: FilterKey, value: string) => {
      setParams(
        (current) => {
          const next = new URLSearchParams(current)
          if (value && !(key === 'sort' && value === 'expiry')) next.set(key, value)
          else next.delete(key)
          return next
        },
        { replace: true },
      )
    },
    [setParams],
  )

  const clearFilters = useCallback(() => setParams({}, { replace: true }), [setParams])

  const filtered = Boolean(filters.kind || filters.status || filters.scope || filters.q)
  return { filters, setFilter, clearFilters, filtered }
}
