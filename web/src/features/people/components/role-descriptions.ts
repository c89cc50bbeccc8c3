import type { Role } from '@tokendesk/shared/schemas/user'

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  owner: 'Owners manage their own tokens and what is shared with them',
  admin: 'Admins also manage people and see every token’s metadata',
}
