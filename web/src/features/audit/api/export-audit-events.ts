import { env } from '@/config/env'
import type { AuditFilters } from './get-audit-events'

export type AuditExportFormat = 'csv' | 'jsonl'

/**
 * The address of the filtered log as a file. A plain link rather than a fetch: the browser
 * streams the download to disk and names it from the server's Content-Disposition.
 */
export function auditExportHref(filters: AuditFilters, format: AuditExportFormat) {
  const query = new URLSearchParams({ format })
  for (const [key, value] of Object.entries(filters)) if (value) query.set(key, value)
  return `${env.apiBase}/audit/export?${query}`
}
