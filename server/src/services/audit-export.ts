import { auditActionPhrase, auditActorWords } from '@tokendesk/shared/audit-words'
import type { AuditEvent, ExportAuditQuery } from '@tokendesk/shared/schemas/audit'
import { summarizeUserAgent } from '@tokendesk/shared/user-agent'
import type { Db } from '../db/client'
import { type AuditViewer, listAuditFor } from './audit-view'

/** Rows per query while walking the log; each page is its own short read. */
const EXPORT_PAGE = 500

const CSV_COLUMNS = [
  'id',
  'at',
  'action',
  'what',
  'actor',
  'actor_type',
  'actor_id',
  'actor_email',
  'target_type',
  'target_id',
  'target_name',
  'ip',
  'client',
  'user_agent',
  'detail',
] as const

/**
 * One CSV cell. A spreadsheet runs a cell that starts with = + - @ (or a tab or carriage return)
 * as a formula, so such cells get a leading apostrophe (OWASP's advice); quoting follows RFC 4180.
 */
export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return ''
  let text = String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}

const actorText = (e: AuditEvent) => auditActorWords(e).replace(/^by /, '')

function csvLine(e: AuditEvent) {
  const cells: Record<(typeof CSV_COLUMNS)[number], string | number | null | undefined> = {
    id: e.id,
    at: e.at,
    action: e.action,
    what: auditActionPhrase(e.action),
    actor: actorText(e),
    actor_type: e.actorType,
    actor_id: e.actorId,
    actor_email: e.actorEmail,
    target_type: e.targetType,
    target_id: e.targetId,
    target_name: e.targetName,
    ip: e.ip,
    client: summarizeUserAgent(e.userAgent),
    user_agent: e.userAgent,
    detail: e.detail ? JSON.stringify(e.detail) : null,
  }
  return `${CSV_COLUMNS.map((c) => csvCell(cells[c])).join(',')}\r\n`
}

function jsonLine(e: AuditEvent) {
  return `${JSON.stringify({
    ...e,
    what: auditActionPhrase(e.action),
    actor: actorText(e),
    client: summarizeUserAgent(e.userAgent),
  })}\n`
}

/** Every event the viewer may read that matches the filters, newest first, a page at a time. */
async function* auditEventsFor(db: Db, viewer: AuditViewer, q: ExportAuditQuery) {
  let cursor: number | undefined
  for (;;) {
    const page = await listAuditFor(db, viewer, { ...q, cursor, limit: EXPORT_PAGE })
    yield page.items
    if (!page.nextCursor) return
    cursor = Number(page.nextCursor)
  }
}

/** The file a page at a time; a CSV's header comes with the first. */
async function* exportChunks(db: Db, viewer: AuditViewer, q: ExportAuditQuery) {
  const line = q.format === 'csv' ? csvLine : jsonLine
  let head = q.format === 'csv' ? `${CSV_COLUMNS.join(',')}\r\n` : ''
  for await (const events of auditEventsFor(db, viewer, q)) {
    yield head + events.map(line).join('')
    head = ''
  }
}

/**
 * The filtered audit log as a file, streamed: CSV or JSON lines. The first page is read before
 * answering, so a failing database is a 500, not a truncated 200.
 */
export async function exportAudit(db: Db, viewer: AuditViewer, q: ExportAuditQuery, now: number) {
  const chunks = exportChunks(db, viewer, q)
  const encoder = new TextEncoder()
  const first = await chunks.next()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      if (first.done) controller.close()
      else controller.enqueue(encoder.encode(first.value))
    },
    async pull(controller) {
      const next = await chunks.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(next.value))
    },
    async cancel() {
      await chunks.return(undefined)
    },
  })
  const day = new Date(now).toISOString().slice(0, 10)
  return {
    body,
    filename: `tokendesk-audit-${day}.${q.format}`,
    contentType:
      q.format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8',
  }
}
