import type { Role } from '@tokendesk/shared/schemas/user'

export const ROLE_LABELS: Record<Role, string> = { admin: 'Admin', owner: 'Owner' }
