import { AuditClient } from '@/components/audit/audit-target'
import { Alert } from '@/components/ui/alert'
import { Loading } from '@/components/ui/loading'
import { RelativeTime } from '@/components/ui/relative-time'
import { auditActionLabel, auditActorWords, formatAuditDetail } from '@/lib/audit-actions'
import { formatError } from '@/lib/format-error'
import { useTokenAudit } from '../api/get-token-audit'

export function TokenAuditHistory({ tokenId }: { tokenId: string }) {
  const audit = useTokenAudit(tokenId)
  if (audit.isPending) return <Loading label="Loading history…" lines={2} />
  if (audit.isError) {
    return (
      <Alert tone="error" title="Could not load the history">
        {formatError(audit.error)}
      </Alert>
    )
  }
  if (audit.data.items.length === 0) return <p className="muted">Nothing recorded yet.</p>
  return (
    <div className="table-wrap">
      <table className="table">
        <caption className="visually-hidden">History of this token, newest first</caption>
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What</th>
            <th scope="col">Who</th>
            <th scope="col">From</th>
            <th scope="col">Details</th>
          </tr>
        </thead>
        <tbody>
          {audit.data.items.map((event) => (
            <tr key={event.id}>
              <td>
                <RelativeTime date={event.at} />
              </td>
              <td className="cell-strong">{auditActionLabel(event.action)}</td>
              <td>
                <span title={event.actorId ?? undefined}>{auditActorWords(event)}</span>
              </td>
              <td>
                <AuditClient event={event} />
              </td>
              <td className="cell-detail">{formatAuditDetail(event)}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}
