import { and, count, desc, eq, inArray, ne } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import type { Db, DbLike } from '../../db/client'
import { newId } from '../../db/ids'
import { addons, installations, tokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { fail } from '../../lib/http-error'
import { notifyRevoked } from '../alerts/notify'
import { recordAudit } from '../audit'
import { installationSecretAad } from '../oauth/credentials'
import type { TokenSet } from '../oauth/token-client'
import type { ProviderCapabilities } from './capabilities'

export type InstallationRow = typeof installations.$inferSelect

export async function findInstallation(db: DbLike, id: string) {
  const [row] = await db.select().from(installations).where(eq(installations.id, id)).limit(1)
  return row
}

/** The installation an add-on's provider knows by this OAuth client id. */
export async function findAddonInstallation(db: DbLike, addonId: string, oauthId: string) {
  const [row] = await db
    .select()
    .from(installations)
    .where(and(eq(installations.addonId, addonId), eq(installations.oauthId, oauthId)))
    .limit(1)
  return row
}

/** Newest first; every owner's when `ownerId` is null. */
export async function listInstallations(db: DbLike, ownerId: string | null) {
  return db
    .select()
    .from(installations)
    .where(ownerId === null ? undefined : eq(installations.ownerId, ownerId))
    .orderBy(desc(installations.installedAt))
}

/** What an installation's view shows besides its own row. */
export async function installationExtras(db: DbLike, row: InstallationRow) {
  const [addon] = row.addonId
    ? await db.select({ name: addons.name }).from(addons).where(eq(addons.id, row.addonId))
    : []
  const [counted] = await db
    .select({ n: count() })
    .from(tokens)
    .where(eq(tokens.installationId, row.id))
  return { addonName: addon?.name ?? null, tokenCount: Number(counted?.n ?? 0) }
}

export async function setInstallationHealth(
  db: Db,
  id: string,
  health: { status: InstallationRow['status']; lastError: string | null; updatedAt: number },
) {
  await transaction(db, (tx) =>
    tx.update(installations).set(health).where(eq(installations.id, id)),
  )
}

type UpsertInput = {
  ownerId: string
  addonId: string | null
  oauthId: string
  oauthSecret: string
  capabilitiesUrl: string
  caps: ProviderCapabilities
  proof: TokenSet
  scopes: string[]
  groupId: string | null
  roomId: string | null
  source: 'callback' | 'manual'
  who?: Who
}

/**
 * Reinstalls update the row that holds the same oauthId instead of adding another. Concurrent
 * first installs of one client cannot both insert: SQLite runs them one after the other, and
 * PostgreSQL reports the loser (it read the key's absence) as a serialization failure, which
 * `transaction` retries as a reinstall.
 */
export async function upsertInstallation(deps: AppDeps, input: UpsertInput) {
  const { db, keyring, clock } = deps
  const now = clock()
  return transaction(db, async (tx) => {
    const [existing] = await tx
      .select()
      .from(installations)
      .where(eq(installations.oauthId, input.oauthId))
      .limit(1)
    if (existing && (existing.ownerId !== input.ownerId || existing.addonId !== input.addonId)) {
      fail(409, 'conflict', 'This OAuth client belongs to another installation')
    }
    const id = existing?.id ?? newId()
    const values = {
      oauthSecretEnc: keyring.encrypt(
        input.oauthSecret,
        installationSecretAad({ id, ownerId: input.ownerId }),
      ),
      capabilitiesUrl: input.capabilitiesUrl,
      tokenUrl: input.caps.tokenUrl,
      authorizationUrl: input.caps.authorizationUrl,
      apiUrl: input.caps.apiUrl,
      scopes: input.proof.scope ?? input.scopes,
      groupId: input.proof.groupId ?? input.groupId,
      groupName: input.proof.groupName,
      roomId: input.roomId,
      status: 'active' as const,
      lastError: null,
      updatedAt: now,
    }
    if (existing) await tx.update(installations).set(values).where(eq(installations.id, id))
    else
      await tx.insert(installations).values({
        id,
        ownerId: input.ownerId,
        addonId: input.addonId,
        oauthId: input.oauthId,
        source: input.source,
        installedAt: now,
        ...values,
      })
    await recordAudit(tx, {
      at: now,
      actorId: null,
      action: existing ? 'installation.reinstalled' : 'installation.installed',
      targetType: 'installation',
      targetId: id,
      ownerId: input.ownerId,
      detail: { oauthId: input.oauthId, roomId: input.roomId },
      ...input.who,
    })
    return id
  })
}

/**
 * Uninstall or removal: the secret is wiped and every token of the installation is revoked.
 * With `ifSecretEnc`, only while the row still holds that secret (the one the caller proved
 * dead); returns false, changing nothing, when a reinstall or removal got there first.
 */
export async function removeInstallation(
  deps: AppDeps,
  row: InstallationRow,
  actorId: string | null,
  who?: Who,
  opts: { ifSecretEnc?: string; detail?: Record<string, unknown> } = {},
) {
  const now = deps.clock()
  return transaction(deps.db, async (tx) => {
    const guard =
      opts.ifSecretEnc === undefined
        ? eq(installations.id, row.id)
        : and(
            eq(installations.id, row.id),
            eq(installations.oauthSecretEnc, opts.ifSecretEnc),
            ne(installations.status, 'removed'),
          )
    const updated = await tx
      .update(installations)
      .set({ status: 'removed', oauthSecretEnc: null, updatedAt: now })
      .where(guard)
      .returning({ id: installations.id })
    if (updated.length !== 1) return false
    const revoked = await tx
      .select()
      .from(tokens)
      .where(and(eq(tokens.installationId, row.id), ne(tokens.status, 'revoked')))
    const ids = revoked.map((r) => r.id)
    if (ids.length) {
      await tx
        .update(tokens)
        .set({
          status: 'revoked',
          accessTokenEnc: null,
          refreshTokenEnc: null,
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: now,
        })
        .where(inArray(tokens.id, ids))
      for (const t of revoked) await notifyRevoked(tx, t, now)
    }
    await recordAudit(tx, {
      at: now,
      actorId,
      action: 'installation.removed',
      targetType: 'installation',
      targetId: row.id,
      ownerId: row.ownerId,
      detail: { oauthId: row.oauthId, tokensRevoked: ids.length, ...opts.detail },
      ...who,
    })
    return true
  })
}
