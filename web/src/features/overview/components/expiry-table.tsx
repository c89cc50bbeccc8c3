import { memo, useMemo, useState } from 'react'
import { Link } from 'react-router-dom'
import { RelativeTime } from '@/components/ui/relative-time'
import { paths } from '@/config/paths'
import { useNow } from '@/hooks/use-now'
import { KIND_LABELS } from '@/lib/token-words'
import type { TimelineItem } from '../api/get-overview'
import { StatusText } from './status-text'

// A short first page keeps the landing page short; asking for more adds a hundred rows at a time.
const FIRST_ROWS = 25
const MORE_ROWS = 100

/** The timeline as a table: what keyboard and screen-reader users read instead of the marks. */
export function ExpiryTable({ items }: { items: TimelineItem[] }) {
  const now = useNow(60_000)
  const [shown, setShown] = useState(FIRST_ROWS)
  const rows = useMemo(() => items.slice(0, shown), [items, shown])
  const rest = items.length - rows.length
  return (
    <>
      <div className="table-wrap">
        <table className="table expiry-table">
          <caption className="visually-hidden">
            Tokens expiring in the next 90 days, soonest first
          </caption>
          <thead>
            <tr>
              <th scope="col">Label</th>
              <th scope="col">Kind</th>
              <th scope="col">Status</th>
              <th scope="col">Expires</th>
            </tr>
          </thead>
          <ExpiryRows items={rows} now={now} />
        </table>
      </div>
      <div className="list-footer">
        <p className="muted" aria-live="polite">
          Showing {rows.length} of {items.length}
        </p>
        {rest > 0 ? (
          <button
            type="button"
            className="button button-secondary"
            onClick={() => setShown((n) => n + MORE_ROWS)}
          >
            Show {Math.min(rest, MORE_ROWS)} more
          </button>
        ) : null}
      </div>
    </>
  )
}

const ExpiryRows = memo(function ExpiryRows({ items, now }: { items: TimelineItem[]; now: Date }) {
  return (
    <tbody>
      {items.map((item) => (
        <tr key={item.id}>
          <th scope="row" className="cell-strong">
            <Link to={paths.tokenDetail.getHref(item.id)}>{item.label}</Link>
          </th>
          <td>{KIND_LABELS[item.kind]}</td>
          <td>
            <StatusText status={item.status} />
          </td>
          <td>
            <RelativeTime date={item.expiresAt} now={now} />
          </td>
        </tr>
      ))}
    </tbody>
  )
})
