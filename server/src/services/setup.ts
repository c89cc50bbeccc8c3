import { createHash, randomBytes, timingSafeEqual } from 'node:crypto'
import { count } from 'drizzle-orm'
import type { AppDeps } from '../app-env'
import { newId } from '../db/ids'
import { users } from '../db/schema'
import type { Who } from '../lib/client-ip'
import { fail } from '../lib/http-error'
import { hashPassword } from '../lib/password'
import { recordAudit } from './audit'
import { countUsers } from './users'

const digest = (v: string) => createHash('sha256').update(v).digest()

/** A one-time token for creating the first admin; held in memory, printed at start. */
export function createSetupGate() {
  let hash: Buffer | null = null
  let taken = false
  return {
    issue() {
      const token = randomBytes(24).toString('base64url')
      hash = digest(token)
      taken = false
      return token
    },
    /** Checks and takes the token in one synchronous step: of concurrent callers, one wins. */
    take(token: string): 'ok' | 'invalid' | 'taken' {
      if (hash === null || !timingSafeEqual(hash, digest(token))) return 'invalid'
      if (taken) return 'taken'
      taken = true
      return 'ok'
    },
    /** Gives the token back when the attempt that took it created nothing. */
    giveBack() {
      taken = false
    },
    close() {
      hash = null
    },
  }
}

export type SetupGate = ReturnType<typeof createSetupGate>

type AdminInput = { email: string; name: string; password: string }

/** Inserts the admin only while no account exists, so two processes cannot both make one. */
async function insertFirstAdmin(deps: AppDeps, input: AdminInput) {
  const passwordHash = await hashPassword(input.password)
  const now = deps.clock()
  return deps.db.transaction(
    (tx) => {
      if ((tx.select({ n: count() }).from(users).get()?.n ?? 0) > 0) return null
      return tx
        .insert(users)
        .values({
          id: newId(),
          email: input.email.toLowerCase(),
          name: input.name,
          role: 'admin',
          passwordHash,
          createdAt: now,
          updatedAt: now,
        })
        .returning()
        .get()
    },
    { behavior: 'immediate' },
  )
}

const notAvailable = () => fail(404, 'setup_not_available', 'Setup is already done')

/**
 * Creates the first admin through the one-time setup link. The input is validated before this
 * is called, so a typo never uses the link up; the link is taken before anything is created.
 */
export async function completeSetup(
  deps: AppDeps,
  gate: SetupGate,
  input: AdminInput & { setupToken: string },
  who: Who,
) {
  if (countUsers(deps.db) > 0) notAvailable()
  const taken = gate.take(input.setupToken)
  if (taken === 'invalid')
    fail(403, 'invalid_setup_token', 'This setup link is not valid; use the URL the server printed')
  if (taken === 'taken') notAvailable()
  let row: Awaited<ReturnType<typeof insertFirstAdmin>>
  try {
    row = await insertFirstAdmin(deps, input)
  } catch (err) {
    gate.giveBack()
    throw err
  }
  gate.close()
  if (!row) return notAvailable()
  recordAudit(deps.db, {
    ...who,
    at: deps.clock(),
    actorId: row.id,
    action: 'user.setup',
    targetType: 'user',
    targetId: row.id,
    ownerId: row.id,
  })
  return row
}

/**
 * With no account yet: create the bootstrap admin from config, or open the setup gate and
 * return the one-time URL to print.
 */
export async function prepareFirstRun(deps: AppDeps, gate: SetupGate) {
  if (countUsers(deps.db) > 0) return { setupUrl: null }
  const admin = deps.config.bootstrapAdmin
  if (admin) {
    const row = await insertFirstAdmin(deps, {
      email: admin.email,
      name: admin.email.split('@')[0] ?? 'Admin',
      password: admin.password,
    })
    if (row) {
      recordAudit(deps.db, {
        at: deps.clock(),
        actorId: null,
        action: 'user.bootstrap',
        targetType: 'user',
        targetId: row.id,
        ownerId: row.id,
      })
    }
    return { setupUrl: null }
  }
  // The token travels in the fragment, which browsers never send to servers or logs.
  return { setupUrl: `${deps.config.publicUrl}/setup#${gate.issue()}` }
}
