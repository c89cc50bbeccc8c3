import { createHash, randomBytes } from 'node:crypto'
import { eq, like } from 'drizzle-orm'
import type { AppDeps } from '../app-env'
import type { Db, Tx } from '../db/client'
import { newId } from '../db/ids'
import { meta, users } from '../db/schema'
import { transaction } from '../db/transaction'
import type { Who } from '../lib/client-ip'
import { fail } from '../lib/http-error'
import { hashPassword } from '../lib/password'
import { type AuditInput, recordAudit } from './audit'
import { countUsers } from './users'

/**
 * Setup links live in `meta` under `setup_token:<sha256 hex>`, so a link printed by one replica
 * works on whichever replica the browser reaches. Only the hash is stored; looking it up by key
 * leaks nothing a guesser could use, since the key is a hash of 192 random bits.
 */
const PREFIX = 'setup_token:'
const keyOf = (token: string) => PREFIX + createHash('sha256').update(token).digest('hex')

/** The one-time links for creating the first admin: each replica that starts with no account issues one. */
export function createSetupGate() {
  return {
    /** A new link, stored beside any other replica's; all of them stay valid until setup is done. */
    async issue(db: Db, now: number) {
      const token = randomBytes(24).toString('base64url')
      await transaction(db, async (tx) => {
        await tx.insert(meta).values({ key: keyOf(token), value: String(now) })
      })
      return token
    },
    /** Whether `token` is a stored link, before the work of creating an account is done. */
    async isValid(db: Db, token: string) {
      const [row] = await db
        .select({ key: meta.key })
        .from(meta)
        .where(eq(meta.key, keyOf(token)))
        .limit(1)
      return !!row
    },
    /**
     * Inside the transaction that creates the admin: uses `token` up, and with it every other
     * replica's link, since setup is then done. False (and nothing deleted) when `token` is not
     * a stored link; of concurrent takers, one deletes it and the others find it gone.
     */
    async take(tx: Tx, token: string) {
      const used = await tx
        .delete(meta)
        .where(eq(meta.key, keyOf(token)))
        .returning({ key: meta.key })
      if (used.length === 0) return false
      await tx.delete(meta).where(like(meta.key, `${PREFIX}%`))
      return true
    },
  }
}

export type SetupGate = ReturnType<typeof createSetupGate>

type AdminInput = { email: string; name: string; password: string }
type AdminRow = typeof users.$inferSelect

/**
 * Inserts the admin only while no account exists, so two processes cannot both make one; with a
 * setup link, the same transaction uses the link up.
 */
async function insertFirstAdmin(
  deps: AppDeps,
  input: AdminInput,
  audit: (row: AdminRow) => AuditInput,
  link?: { gate: SetupGate; token: string },
): Promise<AdminRow | 'taken' | 'invalid'> {
  const passwordHash = await hashPassword(input.password)
  const now = deps.clock()
  return transaction(deps.db, async (tx) => {
    if ((await countUsers(tx)) > 0) return 'taken'
    if (link && !(await link.gate.take(tx, link.token))) return 'invalid'
    const [row] = await tx
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
    if (!row) throw new Error('insert returned no row')
    await recordAudit(tx, audit(row))
    return row
  })
}

const notAvailable = () => fail(404, 'setup_not_available', 'Setup is already done')
const invalidLink = () =>
  fail(403, 'invalid_setup_token', 'This setup link is not valid; use the URL the server printed')

/**
 * Creates the first admin through the one-time setup link. The input is validated before this
 * is called, so a typo never uses the link up; the link is used up in the transaction that
 * creates the account, so a failure leaves it valid.
 */
export async function completeSetup(
  deps: AppDeps,
  gate: SetupGate,
  input: AdminInput & { setupToken: string },
  who: Who,
) {
  if ((await countUsers(deps.db)) > 0) notAvailable()
  if (!(await gate.isValid(deps.db, input.setupToken))) {
    // Links are only deleted with the first account; gone with an account means used, not wrong.
    if ((await countUsers(deps.db)) > 0) notAvailable()
    invalidLink()
  }
  const row = await insertFirstAdmin(
    deps,
    input,
    (admin) => ({
      ...who,
      at: deps.clock(),
      actorId: admin.id,
      action: 'user.setup',
      targetType: 'user',
      targetId: admin.id,
      ownerId: admin.id,
    }),
    { gate, token: input.setupToken },
  )
  if (row === 'taken') return notAvailable()
  if (row === 'invalid') return invalidLink()
  return row
}

/**
 * With no account yet: create the bootstrap admin from config, or store a one-time setup link
 * and return its URL to print.
 */
export async function prepareFirstRun(deps: AppDeps, gate: SetupGate) {
  if ((await countUsers(deps.db)) > 0) return { setupUrl: null }
  const admin = deps.config.bootstrapAdmin
  if (admin) {
    await insertFirstAdmin(
      deps,
      {
        email: admin.email,
        name: admin.email.split('@')[0] ?? 'Admin',
        password: admin.password,
      },
      (row) => ({
        at: deps.clock(),
        actorId: null,
        action: 'user.bootstrap',
        targetType: 'user',
        targetId: row.id,
        ownerId: row.id,
      }),
    )
    return { setupUrl: null }
  }
  // The token travels in the fragment, which browsers never send to servers or logs.
  return { setupUrl: `${deps.config.publicUrl}/setup#${await gate.issue(deps.db, deps.clock())}` }
}
