import type { AuditEvent } from '@tokendesk/shared/schemas/audit'
import { Link } from 'react-router-dom'
import { AuditTarget } from '@/components/audit/audit-target'
import { RelativeTime } from '@/components/ui/relative-time'
import { paths } from '@/config/paths'
import { useNow } from '@/hooks/use-now'
import { auditActionLabel, auditActorWords } from '@/lib/audit-actions'

/** The latest audit events the caller may see (the server scopes them; metadata only). */
export function RecentActivity({ events }: { events: AuditEvent[] }) {
  const now = useNow(60_000)
  return (
    <section className="card overview-section" aria-labelledby="overview-activity">
      <div className="overview-section-head">
        <h2 id="overview-activity">Recent activity</h2>
        <Link to={paths.audit.getHref()}>All activity</Link>
      </div>
      {events.length === 0 ? (
        <p className="muted">Nothing has happened yet.</p>
      ) : (
        <ol className="activity-list" aria-labelledby="overview-activity">
          {events.map((event) => (
            <li key={event.id} className="activity-item">
              <p>
                <span className="cell-strong">{auditActionLabel(event.action)}</span>
                {event.targetType ? (
                  <>
                    {' · '}
                    <AuditTarget event={event} />
                  </>
                ) : null}
              </p>
              <p className="cell-note">
                {capitalize(auditActorWords(event))} · <RelativeTime date={event.at} now={now} />
              </p>
            </li>
          ))}
        </ol>
      )}
    </section>
  )
}

const capitalize = (words: string) => words.charAt(0).toUpperCase() + words.slice(1)
