import { auditExportHref } from '../api/export-audit-events'
import type { AuditFilters } from '../api/get-audit-events'

/** Download links for every event the filters match, not only the pages loaded so far. */
export function AuditExport({ filters, filtered }: { filters: AuditFilters; filtered: boolean }) {
  return (
    <div className="audit-export">
      <span className="muted">
        {filtered ? 'Every event matching these filters:' : 'Every event you can see:'}
      </span>
      <a className="button button-secondary" href={auditExportHref(filters, 'csv')} download>
        Export CSV
      </a>
      <a className="button button-secondary" href={auditExportHref(filters, 'jsonl')} download>
        Export JSON lines
      </a>
    </div>
  )
}
