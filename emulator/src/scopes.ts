import { EmulatorInputError } from './input-error'

export const SCOPES = {
  admin_group: {
    name: 'Administer Group',
    description: "Perform group administrative tasks (cannot update the group owner's profile)",
  },
  admin_room: {
    name: 'Administer Room',
    description: 'Perform room administrative tasks (webhooks, members, topic)',
  },
  import_data: {
    name: 'Import Data',
    description: 'Import users, rooms, and chat history. Only available for select add-ons.',
  },
  manage_rooms: { name: 'Manage Rooms', description: 'Create, update, and remove rooms' },
  send_message: { name: 'Send Message', description: 'Send private one-on-one messages' },
  send_notification: { name: 'Send Notification', description: 'Send room notifications' },
  view_group: { name: 'View Group', description: 'View users, rooms, and other group information' },
  view_messages: {
    name: 'View Messages',
    description: 'View messages from chat rooms and private chats you have access to',
  },
  view_room: { name: 'View Room', description: 'View room information and participants' },
} as const

export type Scope = keyof typeof SCOPES

export const ALL_SCOPES = Object.keys(SCOPES) as Scope[]

export function isScope(value: string): value is Scope {
  return Object.hasOwn(SCOPES, value)
}

export type ScopeParse = { ok: true; scopes: Scope[] } | { ok: false; unknown: string[] }

/** Accepts a space-separated string (the wire format) or an array of names. */
export function parseScopes(input: string | readonly string[] | undefined | null): ScopeParse {
  const parts = typeof input === 'string' ? input.split(/\s+/) : (input ?? [])
  const names = [...new Set(parts.map((s) => s.trim()).filter((s) => s !== ''))]
  const unknown = names.filter((s) => !isScope(s))
  if (unknown.length > 0) return { ok: false, unknown }
  return { ok: true, scopes: names as Scope[] }
}

export function isSubset(requested: readonly Scope[], allowed: readonly Scope[]): boolean {
  return requested.every((s) => allowed.includes(s))
}

/** Throws on unknown names; for the programmatic helpers where a typo is a test bug. */
export function requireScopes(input: readonly string[]): Scope[] {
  const parsed = parseScopes(input)
  if (!parsed.ok) throw new EmulatorInputError(`Unknown scope(s): ${parsed.unknown.join(', ')}`)
  return parsed.scopes
}
