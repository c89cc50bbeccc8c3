import { HIPCHAT_SCOPES } from '@tokendesk/shared/schemas/token'

export type HipchatScope = (typeof HIPCHAT_SCOPES)[number]

/** HipChat's own names for its API scopes (docs/hipchat-protocol.md §3). */
export const HIPCHAT_SCOPE_LABELS: Record<HipchatScope, string> = {
  admin_group: 'Administer Group',
  admin_room: 'Administer Room',
  import_data: 'Import Data',
  manage_rooms: 'Manage Rooms',
  send_message: 'Send Message',
  send_notification: 'Send Notification',
  view_group: 'View Group',
  view_messages: 'View Messages',
  view_room: 'View Room',
}

export { HIPCHAT_SCOPES }

/** A person-friendly name for any scope; unknown ones are shown as sent. */
export function scopeLabel(scope: string): string {
  return (HIPCHAT_SCOPE_LABELS as Record<string, string>)[scope] ?? scope
}
