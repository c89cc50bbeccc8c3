import { useState } from 'react'
import { Link } from 'react-router-dom'
import { RelativeTime } from '@/components/ui/relative-time'
import { paths } from '@/config/paths'
import { useNow } from '@/hooks/use-now'
import { plural } from '@/lib/plural'
import { KIND_LABELS } from '@/lib/token-words'
import type { FailingItem } from '../api/get-overview'
import { StatusText } from './status-text'

const FIRST_ITEMS = 10
/** The server lists at most this many (most recently updated first). */
const SERVER_LIMIT = 50

/** Tokens whose refresh fails right now, each with the provider's last answer. */
export function FailingList({ failing }: { failing: FailingItem[] }) {
  const now = useNow(60_000)
  const [all, setAll] = useState(false)
  const shown = all ? failing : failing.slice(0, FIRST_ITEMS)
  return (
    <div className="failing">
      <h3 id="overview-failing">Failing now ({failing.length})</h3>
      {failing.length === 0 ? (
        <p className="muted">No token is failing to refresh.</p>
      ) : (
        <ul className="failing-list" aria-labelledby="overview-failing">
          {shown.map((item) => (
            <li key={item.id} className="failing-item">
              <p className="failing-head">
                <Link to={paths.tokenDetail.getHref(item.id)} className="cell-strong">
                  {item.label}
                </Link>{' '}
                <StatusText status={item.status} />{' '}
                <span className="muted">{KIND_LABELS[item.kind]}</span>
              </p>
              {item.failingSince ? (
                <p className="cell-note">
                  Failing since <RelativeTime date={item.failingSince} now={now} />
                </p>
              ) : null}
              <p className="failing-error">
                <span className="failing-error-label">Provider’s last answer:</span>{' '}
                {item.lastError ? (
                  <code>{item.lastError}</code>
                ) : (
                  <span className="muted">none recorded</span>
                )}
              </p>
            </li>
          ))}
        </ul>
      )}
      {shown.length < failing.length ? (
        <button type="button" className="button button-secondary" onClick={() => setAll(true)}>
          Show all {plural(failing.length, 'failing token')}
        </button>
      ) : null}
      {failing.length >= SERVER_LIMIT ? (
        <p className="muted">
          The {SERVER_LIMIT} most recently updated are listed.{' '}
          <Link to={paths.tokens.getHref({ status: 'needs_reauth' })}>
            Every token that needs reconnecting
          </Link>
        </p>
      ) : null}
    </div>
  )
}
