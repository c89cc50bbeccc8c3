import type { TokenStatus } from '@tokendesk/shared/schemas/token'
import { STATUS_LABELS } from '@/lib/token-words'
import { StatusIcon } from './status-mark'

/** The status in words, with the same shape and colour the timeline draws for it. */
export function StatusText({ status }: { status: TokenStatus }) {
  const { label, tone } = STATUS_LABELS[status]
  return (
    <span className={`badge badge-${tone}`}>
      <StatusIcon status={status} />
      {label}
    </span>
  )
}
