import type { AuditEvent } from '@tokendesk/shared/schemas/audit'
import { memo } from 'react'
import { AuditClient, AuditTarget } from '@/components/audit/audit-target'
import { RelativeTime } from '@/components/ui/relative-time'
import { useNow } from '@/hooks/use-now'
import { auditActionLabel, auditActorWords, formatAuditDetail } from '@/lib/audit-actions'

export function AuditTable({ pages, busy = false }: { pages: AuditEvent[][]; busy?: boolean }) {
  const now = useNow(60_000)
  return (
    <div className={busy ? 'table-wrap is-stale' : 'table-wrap'} aria-busy={busy || undefined}>
      <table className="table audit-table">
        <caption className="visually-hidden">Audit events, newest first</caption>
        <thead>
          <tr>
            <th scope="col">Time</th>
            <th scope="col">Actor</th>
            <th scope="col">Action</th>
            <th scope="col">Target</th>
            <th scope="col">From</th>
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
          <td data-label="Time">
            <RelativeTime date={event.at} now={now} />
          </td>
          <td data-label="Actor">
            <span title={event.actorId ?? undefined}>{auditActorWords(event)}</span>
            {event.actorType === 'person' && event.actorName && event.actorEmail ? (
              <span className="cell-note">{event.actorEmail}</span>
            ) : null}
          </td>
          <td data-label="Action">
            <span className="cell-strong">{auditActionLabel(event.action)}</span>
            <code className="cell-note">{event.action}</code>
          </td>
          <td data-label="Target">
            <AuditTarget event={event} />
          </td>
          <td data-label="From">
            <AuditClient event={event} />
          </td>
          <td data-label="Details" className="cell-detail">
            {formatAuditDetail(event)}
            <AuditIds event={event} />
          </td>
        </tr>
      ))}
    </tbody>
  )
})

/** The ids and the full user agent, folded away: what a person needs to search or report. */
function AuditIds({ event }: { event: AuditEvent }) {
  return (
    <details className="audit-ids">
      <summary>
        Ids<span className="visually-hidden"> of event {event.id}</span>
      </summary>
      <dl>
        <dt>Event</dt>
        <dd>{event.id}</dd>
        {event.actorId ? (
          <>
            <dt>Actor</dt>
            <dd>{event.actorId}</dd>
          </>
        ) : null}
        {event.targetId ? (
          <>
            <dt>Target</dt>
            <dd>{event.targetId}</dd>
          </>
        ) : null}
        {event.userAgent ? (
          <>
            <dt>User agent</dt>
            <dd>{event.userAgent}</dd>
          </>
        ) : null}
      </dl>
    </details>
  )
}
