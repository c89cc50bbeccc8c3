import type { AppDeps } from '../app-env'
import { recordAudit } from './audit'
import type { SetupGate } from './setup'
import { countUsers, createUser } from './users'

/**
 * With no account yet: create the bootstrap admin from config, or open the setup gate and
 * return the one-time URL to print.
 */
export async function prepareFirstRun(deps: AppDeps, setup: SetupGate) {
  if (countUsers(deps.db) > 0) return { setupUrl: null }
  const admin = deps.config.bootstrapAdmin
  if (admin) {
    const row = await createUser(deps.db, deps.clock(), {
      email: admin.email,
      name: admin.email.split('@')[0] ?? 'Admin',
      password: admin.password,
      role: 'admin',
    })
    recordAudit(deps.db, {
      at: deps.clock(),
      actorId: null,
      action: 'user.bootstrap',
      targetType: 'user',
      targetId: row.id,
      ownerId: row.id,
    })
    return { setupUrl: null }
  }
  // The token travels in the fragment, which browsers never send to servers or logs.
  return { setupUrl: `${deps.config.publicUrl}/setup#${setup.issue()}` }
}
