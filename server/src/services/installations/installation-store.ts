import { and, count, desc, eq, inArray, ne } from 'drizzle-orm'
import type { AppDeps } from '../../app-env'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import { addons, installations, tokens } from '../../db/schema'
import type { Who } from '../../lib/client-ip'
import { fail } from '../../lib/http-error'
import { notifyRevoked } from '../alerts/notify'
import { recordAudit } from '../audit'
import { installationSecretAad } from '../oauth/credentials'
import type { TokenSet } from '../oauth/token-client'
import type { ProviderCapabilities } from './capabilities'

export type InstallationRow = typeof installations.$inferSelect

export async function findInstallation(db: Db, id: string) {
  return db.select().from(installations).where(eq(installations.id, id)).get()
}

/** The installation an add-on's provider knows by this OAuth client id. */
export async function findAddonInstallation(db: Db, addonId: string, oauthId: string) {
  return db
    .select()
    .from(installations)
    .where(and(eq(installations.addonId, addonId), eq(installations.oauthId, oauthId)))
    .get()
}

/** Newest first; every owner's when `ownerId` is null. */
export async function listInstallations(db: Db, ownerId: string | null) {
  return db
    .select()
    .from(installations)
    .where(ownerId === null ? undefined : eq(installations.ownerId, ownerId))
    .orderBy(desc(installations.installedAt))
    .all()
}

/** What an installation's view shows besides its own row. */
export async function installationExtras(db: Db, row: InstallationRow) {
  const addon = row.addonId
    ? db.select({ name: addons.name }).from(addons).where(eq(addons.id, row.addonId)).get()
    : null
  const tokenCount =
    db.select({ n: count() }).from(tokens).where(eq(tokens.installationId, row.id)).get()?.n ?? 0
  return { addonName: addon?.name ?? null, tokenCount }
}

export async function setInstallationHealth(
  db: Db,
  id: string,
  health: { status: InstallationRow['status']; lastError: string | null; updatedAt: number },
) {
  db.update(installations).set(health).where(eq(installations.id, id)).run()
}

/** Reinstalls update the row that holds the same oauthId instead of adding another. */
export async function upsertInstallation(
  deps: AppDeps,
  input: {
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
  },
) {
  const { db, keyring, clock } = deps
  const now = clock()
  return db.transaction((tx) => {
    const existing = tx
      .select()
      .from(installations)
      .where(eq(installations.oauthId, input.oauthId))
      .get()
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
    if (existing) tx.update(installations).set(values).where(eq(installations.id, id)).run()
    else
      tx.insert(installations)
        .values({
          id,
          ownerId: input.ownerId,
          addonId: input.addonId,
          oauthId: input.oauthId,
          source: input.source,
          installedAt: now,
          ...values,
        })
        .run()
    recordAudit(tx, {
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
  return deps.db.transaction((tx) => {
    const guard =
      opts.ifSecretEnc === undefined
        ? eq(installations.id, row.id)
        : and(
            eq(installations.id, row.id),
            eq(installations.oauthSecretEnc, opts.ifSecretEnc),
            ne(installations.status, 'removed'),
          )
    const updated = tx
      .update(installations)
      .set({ status: 'removed', oauthSecretEnc: null, updatedAt: now })
      .where(guard)
      .run()
    if (updated.changes !== 1) return false
    const revoked = tx
      .select()
      .from(tokens)
      .where(and(eq(tokens.installationId, row.id), ne(tokens.status, 'revoked')))
      .all()
    const ids = revoked.map((r) => r.id)
    if (ids.length) {
      tx.update(tokens)
        .set({
          status: 'revoked',
          accessTokenEnc: null,
          refreshTokenEnc: null,
          leaseOwner: null,
          leaseUntil: null,
          updatedAt: now,
        })
        .where(inArray(tokens.id, ids))
        .run()
      for (const t of revoked) notifyRevoked(tx, t, now)
    }
    recordAudit(tx, {
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
