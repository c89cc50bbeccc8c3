import type { AuditEvent } from '@tokendesk/shared/schemas/audit'
import { Link } from 'react-router-dom'
import { paths } from '@/config/paths'
import { auditTargetNoun, auditTargetWords, summarizeUserAgent } from '@/lib/audit-actions'

type Target = Pick<AuditEvent, 'targetType' | 'targetId' | 'targetName'>

/** Where a named target lives in the app; only things the viewer may see have a name. */
function targetHref({ targetType, targetId }: Target) {
  if (!targetId) return null
  switch (targetType) {
    case 'token':
      return paths.tokenDetail.getHref(targetId)
    case 'installation':
      return paths.installationDetail.getHref(targetId)
    case 'addon':
      return paths.addonDetail.getHref(targetId)
    case 'bot_key':
      return paths.botKeys.getHref()
    case 'provider':
      return paths.providers.getHref()
    default:
      return null
  }
}

/**
 * `Token “Deploy bot”`, linked, with the id in the title; a target without a name (deleted, or
 * not the viewer's to see) shows its kind and id instead.
 */
export function AuditTarget({ event }: { event: Target }) {
  if (!event.targetType) return <span className="muted">—</span>
  const title = event.targetId ? `${auditTargetNoun(event.targetType)} id ${event.targetId}` : ''
  if (!event.targetName) {
    return (
      <span className="audit-target">
        {auditTargetNoun(event.targetType)}{' '}
        {event.targetId ? <span className="muted audit-id">{event.targetId}</span> : null}
      </span>
    )
  }
  const href = targetHref(event)
  const text = auditTargetWords(event)
  return href ? (
    <Link className="audit-target" to={href} title={title}>
      {text}
    </Link>
  ) : (
    <span className="audit-target" title={title}>
      {text}
    </span>
  )
}

/** The address and a short browser/system summary; the full user agent on hover. */
export function AuditClient({ event }: { event: Pick<AuditEvent, 'ip' | 'userAgent'> }) {
  const client = summarizeUserAgent(event.userAgent)
  if (!event.ip && !client) return <span className="muted">—</span>
  return (
    <>
      {event.ip ? <span className="audit-ip">{event.ip}</span> : null}
      {client ? (
        <span className="cell-note" title={event.userAgent ?? undefined}>
          {client}
        </span>
      ) : null}
    </>
  )
}
