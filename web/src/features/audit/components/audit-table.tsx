import type { AuditEvent } from '@tokendesk/shared/schemas/audit'
import { memo } from 'react'
import { Link } from 'react-router-dom'
import { RelativeTime } from '@/components/ui/relative-time'
import { paths } from '@/config/paths'
import { useNow } from '@/hooks/use-now'
import { auditActionLabel, auditActorWords, formatAuditDetail } from '@/lib/audit-actions'

export function AuditTable({ pages, busy = false }: { pages: AuditEvent[][]; busy?: boolean }) {
  const now = useNow(60_000)
  return (
    <div className={busy ? 'table-wrap is-stale' : 'table-wrap'} aria-busy={busy || undefined}>
      <table className="table">
        <caption className="visually-hidden">Audit events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">IP</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        {pages.map((events, index) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: pages only ever append
          <AuditRows key={index} events={events} now={now} />
        ))}
      </table>
    </div>
  )
}

const AuditRows = memo(function AuditRows({ events, now }: { events: AuditEvent[]; now: Date }) {
  return (
    <tbody>
      {events.map((event) => (
        <tr key={event.id}>
          <td>
            <RelativeTime date={event.at} now={now} />
          </td>
          <td>
            {auditActorWords(event)}
            {event.actorType === 'person' && event.actorName && event.actorEmail ? (
              <span className="cell-note">{event.actorEmail}</span>
            ) : null}
          </td>
          <td>
            <span className="cell-strong">{auditActionLabel(event.action)}</span>
            <span className="cell-note">{event.action}</span>
          </td>
          <td>
            <Target type={event.targetType} id={event.targetId} />
          </td>
          <td>{event.ip ?? <span className="muted">—</span>}</td>
          <td className="cell-detail">{formatAuditDetail(event.detail)}</td>
        </tr>
      ))}
    </tbody>
  )
})

function Target({ type, id }: { type: string | null; id: string | null }) {
  if (!type) return <span className="muted">—</span>
  if (type === 'token' && id) return <Link to={paths.tokenDetail.getHref(id)}>Token {id}</Link>
  return (
    <span>
      {type.replace('_', ' ')} {id ? <span className="muted">{id}</span> : null}
    </span>
  )
}
