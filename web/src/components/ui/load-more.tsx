import { formatError } from '@/lib/format-error'
import { Alert } from './alert'

type LoadMoreProps = {
  count: number
  /** Singular and plural names of the rows, e.g. ['token', 'tokens']. */
  noun: [string, string]
  hasMore: boolean
  loading: boolean
  error: unknown
  onLoadMore: () => void
}

/** The footer of a cursor-paginated list: how many rows are shown and a "Load more" button. */
export function LoadMore({ count, noun, hasMore, loading, error, onLoadMore }: LoadMoreProps) {
  return (
    <>
      <div className="list-footer">
        <p className="muted" aria-live="polite">
          Showing {count} {count === 1 ? noun[0] : noun[1]}
          {hasMore ? '' : ' (all)'}
        </p>
        {hasMore ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={onLoadMore}
            disabled={loading}
            aria-busy={loading || undefined}
          >
            {loading ? <span className="spinner" aria-hidden="true" /> : null}
            Load more
          </button>
        ) : null}
      </div>
      {error ? (
        <Alert tone="error" title={`Could not load more ${noun[1]}`}>
          {formatError(error)}
        </Alert>
      ) : null}
    </>
  )
}
