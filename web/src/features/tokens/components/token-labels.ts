import type { AccessLevel } from '@tokendesk/shared/schemas/token'

export const ACCESS_LABELS: Record<AccessLevel, string> = {
  owner: 'Owner',
  use: 'Can use',
  view: 'Can view',
  admin: 'Admin (metadata only)',
}

/** Owners and `use` shares may see the value; admins and `view` shares only metadata. */
export function canUseValue(access: AccessLevel) {
  return access === 'owner' || access === 'use'
}

export function canRemove(access: AccessLevel) {
  return access === 'owner' || access === 'admin'
}
