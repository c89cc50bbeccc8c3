import { EmptyState } from '@/components/ui/empty-state'
import { LoadMore } from '@/components/ui/load-more'
import { Loading } from '@/components/ui/loading'
import { QueryError } from '@/components/ui/query-error'
import { useAuditEvents } from '../api/get-audit-events'
import { AuditExport } from './audit-export'
import { AuditFiltersBar } from './audit-filters'
import { AuditTable } from './audit-table'
import { useAuditFilters } from './use-audit-filters'

export function AuditList() {
  const { raw, filters, setFilter, clear, filtered } = useAuditFilters()
  const events = useAuditEvents(filters)
  const pages = events.data?.pages.map((page) => page.items) ?? []
  const count = pages.reduce((sum, page) => sum + page.length, 0)
  const nextPageError = events.isFetchNextPageError ? events.error : null

  return (
    <>
      <AuditFiltersBar raw={raw} onChange={setFilter} />
      {events.isPending ? (
        <Loading label="Loading events…" lines={5} />
      ) : events.isError ? (
        <QueryError
          title="Could not load events"
          error={events.error}
          onRetry={() => events.refetch()}
        />
      ) : count === 0 ? (
        <EmptyState title={filtered ? 'No events match these filters' : 'No events yet'}>
          {filtered ? (
            <button type="button" className="button button-secondary" onClick={clear}>
              Clear filters
            </button>
          ) : (
            <p>Sign-ins, reveals, refreshes, shares and revocations will appear here.</p>
          )}
        </EmptyState>
      ) : (
        <>
          <AuditExport filters={filters} filtered={filtered} />
          <AuditTable pages={pages} busy={events.isPlaceholderData} />
          <LoadMore
            count={count}
            noun={['event', 'events']}
            hasMore={events.hasNextPage}
            loading={events.isFetchingNextPage}
            error={nextPageError}
            onLoadMore={() => events.fetchNextPage()}
          />
        </>
      )}
    </>
  )
}
