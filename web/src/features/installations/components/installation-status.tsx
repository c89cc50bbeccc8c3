import type { InstallationView } from '@tokendesk/shared/schemas/installation'
import { type BadgeTone, StatusBadge } from '@/components/ui/status-badge'

const STATUS: Record<InstallationView['status'], { tone: BadgeTone; label: string }> = {
  active: { tone: 'success', label: 'Active' },
  broken: { tone: 'danger', label: 'Broken' },
  removed: { tone: 'neutral', label: 'Removed' },
}

export function InstallationStatus({ status }: { status: InstallationView['status'] }) {
  const { tone, label } = STATUS[status]
  return <StatusBadge tone={tone}>{label}</StatusBadge>
}

type Place = Pick<InstallationView, 'roomId' | 'addonName' | 'groupName'>

/** A room install names its room; a global one serves the whole group. */
export function roomText({ roomId }: Place) {
  return roomId === null ? 'Global' : `Room ${roomId}`
}

export function installationName({ addonName, groupName }: Place) {
  return addonName ?? (groupName ? `${groupName} (registered by hand)` : 'Registered by hand')
}
