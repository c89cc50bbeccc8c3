import { Link } from 'react-router-dom'
import { EmptyState } from '@/components/ui/empty-state'
import { LoadMore } from '@/components/ui/load-more'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { paths } from '@/config/paths'
import { useTokens } from '../api/get-tokens'
import { TokenFiltersBar } from './token-filters'
import { TokensTable } from './tokens-table'
import { useTokenFilters } from './use-token-filters'

type TokensListProps = { isAdmin: boolean; onPaste: () => void }

export function TokensList({ isAdmin, onPaste }: TokensListProps) {
  const { filters, setFilter, clearFilters, filtered } = useTokenFilters(isAdmin)
  const tokens = useTokens(filters)
  const pages = tokens.data?.pages.map((page) => page.items) ?? []
  const count = pages.reduce((sum, page) => sum + page.length, 0)
  const showOwner = isAdmin && filters.scope !== 'mine'
  const nextPageError = tokens.isFetchNextPageError ? tokens.error : null

  return (
    <>
      <TokenFiltersBar filters={filters} isAdmin={isAdmin} onChange={setFilter} />
      {tokens.isPending ? (
        <Loading label="Loading tokens…" lines={5} />
      ) : tokens.isError ? (
        <QueryError
          title="Could not load tokens"
          error={tokens.error}
          onRetry={() => tokens.refetch()}
        />
      ) : count === 0 ? (
        filtered ? (
          <EmptyState title="No tokens match these filters">
            <p>Try another search or status, or show everything.</p>
            <button type="button" className="button button-secondary" onClick={clearFilters}>
              Clear filters
            </button>
          </EmptyState>
        ) : (
          <EmptyState title="No tokens yet">
            <p>Paste a personal or room token, or install an add-on.</p>
            <div className="empty-state-actions">
              <button type="button" className="button button-primary" onClick={onPaste}>
                Paste a token
              </button>
              <Link className="button button-secondary" to={paths.addons.getHref()}>
                Install an add-on
              </Link>
            </div>
          </EmptyState>
        )
      ) : (
        <>
          <TokensTable pages={pages} showOwner={showOwner} busy={tokens.isPlaceholderData} />
          <LoadMore
            count={count}
            noun={['token', 'tokens']}
            hasMore={tokens.hasNextPage}
            loading={tokens.isFetchingNextPage}
            error={nextPageError}
            onLoadMore={() => tokens.fetchNextPage()}
          />
        </>
      )}
    </>
  )
}
