import type { TokenStatus } from '@tokendesk/shared/schemas/token'
import { StatusBadge } from '@/components/ui/status-badge'
import { STATUS_LABELS } from '@/lib/token-words'

export function TokenStatusBadge({ status }: { status: TokenStatus }) {
  const { label, tone } = STATUS_LABELS[status]
  return <StatusBadge tone={tone}>{label}</StatusBadge>
}
