import type { AuditEvent, ListAuditQuery } from '@tokendesk/shared/schemas/audit'
import {
  aliasedTable,
  and,
  type Column,
  desc,
  eq,
  gte,
  lt,
  lte,
  or,
  type SQL,
  sql,
} from 'drizzle-orm'
import type { SessionUser } from '../app-env'
import type { Db } from '../db/client'
import {
  addons,
  auditEvents,
  botKeys,
  installations,
  invites,
  providers,
  tokenShares,
  tokens,
  users,
  webhooks,
} from '../db/schema'
import { can, relationOf } from './authz/policy'

/** Whose eyes the names are resolved for: only things they may see now are named. */
export type AuditViewer = Pick<SessionUser, 'id' | 'role' | 'disabled'>

const targetUser = aliasedTable(users, 'audit_target_user')
const targetKey = aliasedTable(botKeys, 'audit_target_key')
const installedAddon = aliasedTable(addons, 'audit_installed_addon')

/** Joins a target table on the event's target, for rows of that type only. */
const isTarget = (type: string, id: Column) =>
  and(eq(auditEvents.targetType, type), eq(id, auditEvents.targetId))

/** `like` on a prefix typed by a person: `%` and `_` match themselves, not any characters. */
function actionPrefix(action: string) {
  const escaped = action.toLowerCase().replace(/[\\%_]/g, (c) => `\\${c}`)
  // Actions are stored in lower case, so a case-sensitive `like` (PostgreSQL) answers as SQLite's.
  return sql`${auditEvents.action} like ${`${escaped}%`} escape '\\'`
}

/**
 * Audit events newest first, keyset-paged on id, with the actor's and the target's names joined
 * in one query. Target names are resolved for `viewer` (none without one); actor names as before.
 */
export async function listAuditEvents(
  db: Db,
  q: Partial<ListAuditQuery> & { limit: number },
  scope?: SQL,
  viewer?: AuditViewer,
) {
  const rows = await db
    .select({
      e: auditEvents,
      actorEmail: users.email,
      personName: users.name,
      keyName: botKeys.name,
      tokenLabel: tokens.label,
      tokenOwner: tokens.ownerId,
      tokenShare: tokenShares.access,
      userName: targetUser.name,
      keyOwner: targetKey.ownerId,
      targetKeyName: targetKey.name,
      addonOwner: addons.ownerId,
      addonName: addons.name,
      providerOwner: providers.ownerId,
      providerName: providers.name,
      installationOwner: installations.ownerId,
      installationAddon: installedAddon.name,
      installationGroup: installations.groupName,
      webhookOwner: webhooks.ownerId,
      webhookUrl: webhooks.url,
      inviteCreator: invites.createdBy,
      inviteName: invites.name,
    })
    .from(auditEvents)
    .leftJoin(users, eq(users.id, auditEvents.actorId))
    .leftJoin(
      botKeys,
      and(eq(auditEvents.actorType, 'bot_key'), eq(botKeys.id, auditEvents.actorId)),
    )
    .leftJoin(tokens, isTarget('token', tokens.id))
    .leftJoin(
      tokenShares,
      and(eq(tokenShares.tokenId, tokens.id), eq(tokenShares.userId, viewer?.id ?? '')),
    )
    .leftJoin(targetUser, isTarget('user', targetUser.id))
    .leftJoin(targetKey, isTarget('bot_key', targetKey.id))
    .leftJoin(addons, isTarget('addon', addons.id))
    .leftJoin(providers, isTarget('provider', providers.id))
    .leftJoin(installations, isTarget('installation', installations.id))
    .leftJoin(installedAddon, eq(installedAddon.id, installations.addonId))
    .leftJoin(webhooks, isTarget('webhook', webhooks.id))
    .leftJoin(invites, isTarget('invite', invites.id))
    .where(
      and(
        scope,
        q.actor
          ? or(eq(auditEvents.actorId, q.actor), eq(users.email, q.actor.toLowerCase()))
          : undefined,
        q.action ? actionPrefix(q.action) : undefined,
        q.targetType ? eq(auditEvents.targetType, q.targetType) : undefined,
        q.from ? gte(auditEvents.at, Date.parse(q.from)) : undefined,
        q.to ? lte(auditEvents.at, Date.parse(q.to)) : undefined,
        q.cursor ? lt(auditEvents.id, q.cursor) : undefined,
      ),
    )
    .orderBy(desc(auditEvents.id))
    .limit(q.limit + 1)
  const page = rows.slice(0, q.limit)
  const items: AuditEvent[] = page.map((r) => ({
    id: r.e.id,
    at: new Date(r.e.at).toISOString(),
    actorId: r.e.actorId,
    actorEmail: r.actorEmail,
    actorType: r.e.actorType ?? (r.e.actorId ? 'person' : null),
    actorName: r.e.actorType === 'bot_key' ? r.keyName : r.personName,
    action: r.e.action,
    targetType: r.e.targetType,
    targetId: r.e.targetId,
    targetName: viewer ? targetName(r, viewer) : null,
    ownerId: r.e.ownerId,
    ip: r.e.ip,
    userAgent: r.e.userAgent,
    detail: r.e.detail ? (JSON.parse(r.e.detail) as Record<string, unknown>) : null,
  }))
  const last = page.at(-1)
  return { items, nextCursor: rows.length > q.limit && last ? String(last.e.id) : null }
}

type NameColumns = {
  e: { targetType: string | null; targetId: string | null }
  tokenLabel: string | null
  tokenOwner: string | null
  tokenShare: 'view' | 'use' | null
  userName: string | null
  keyOwner: string | null
  targetKeyName: string | null
  addonOwner: string | null
  addonName: string | null
  providerOwner: string | null
  providerName: string | null
  installationOwner: string | null
  installationAddon: string | null
  installationGroup: string | null
  webhookOwner: string | null
  webhookUrl: string | null
  inviteCreator: string | null
  inviteName: string | null
}

/**
 * The target's name if `viewer` may see the target now: a token by the token policy (owner,
 * sharee, admin), a person only themselves (or an admin), anything else its owner or an admin.
 * A deleted target has no row, so no name.
 */
function targetName(r: NameColumns, viewer: AuditViewer): string | null {
  const mine = (ownerId: string | null) =>
    ownerId !== null && (ownerId === viewer.id || viewer.role === 'admin')
  switch (r.e.targetType) {
    case 'token':
      return r.tokenOwner !== null &&
        can(relationOf(viewer, { ownerId: r.tokenOwner }, r.tokenShare), 'token.read_meta')
        ? r.tokenLabel
        : null
    case 'user':
      return mine(r.e.targetId) ? r.userName : null
    case 'bot_key':
      return mine(r.keyOwner) ? r.targetKeyName : null
    case 'addon':
      return mine(r.addonOwner) ? r.addonName : null
    case 'provider':
      return mine(r.providerOwner) ? r.providerName : null
    case 'installation':
      if (!mine(r.installationOwner)) return null
      if (r.installationAddon && r.installationGroup)
        return `${r.installationAddon} in ${r.installationGroup}`
      return r.installationAddon ?? r.installationGroup
    case 'webhook':
      return mine(r.webhookOwner) ? webhookHost(r.webhookUrl) : null
    case 'invite':
      return mine(r.inviteCreator) ? r.inviteName : null
    default:
      return null
  }
}

/** Only the host: a webhook's path or query may be its secret (Slack-style URLs). */
function webhookHost(url: string | null) {
  if (!url) return null
  try {
    return new URL(url).host
  } catch {
    return null
  }
}

/** The audit log as `viewer` may read it: owners see their own tokens and account, admins all. */
export async function listAuditFor(
  db: Db,
  viewer: AuditViewer,
  q: Partial<ListAuditQuery> & { limit: number },
) {
  return listAuditEvents(
    db,
    q,
    viewer.role === 'admin' ? undefined : eq(auditEvents.ownerId, viewer.id),
    viewer,
  )
}
