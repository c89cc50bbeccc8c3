import { hash, randomBytes } from 'node:crypto'
import type { BotKeyView, CreateBotKeyInput } from '@tokendesk/shared/schemas/bot-key'
import { and, desc, eq, inArray, isNull, max } from 'drizzle-orm'
import type { AppDeps, SessionUser } from '../../app-env'
import type { DbLike } from '../../db/client'
import { newId } from '../../db/ids'
import { botKeyFailures, botKeys, botKeyTokens, tokenShares, tokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { ApiError, notFound } from '../../lib/http-error'
import { recordAudit } from '../audit'
import { can, relationOf } from '../authz/policy'
import { authorize, findVisibleToken } from '../tokens/token-access'

export type BotKeyRow = typeof botKeys.$inferSelect
export type Deps = Pick<AppDeps, 'db' | 'clock'>

export const KEY_PREFIX = 'tdk_'

/** What `generateBotKey` makes: anything else is refused before it is hashed or looked up. */
export const KEY_FORMAT = /^tdk_[A-Za-z0-9_-]{43}$/

/** SHA-256, one-shot: a third of `createHash`'s cost on the bot path (bench #1). */
export const hashBotKey = (key: string) => hash('sha256', key, 'base64url')

/** `tdk_` and 32 random bytes: shown once, stored only as a hash. */
export function generateBotKey() {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`
  return { key, keyHash: hashBotKey(key), keyPrefix: key.slice(0, 10) }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

function status(r: BotKeyRow, owner: SessionUser, now: number): BotKeyView['status'] {
  if (r.revokedAt !== null) return 'revoked'
  if (r.expiresAt !== null && r.expiresAt <= now) return 'expired'
  if (owner.disabled) return 'suspended'
  return 'active'
}

/**
 * A key's bound tokens are named only while its owner can still see them: after a share is
 * removed the entry stays (the binding is history) but its label does not.
 */
export async function botKeyViews(
  { db }: Deps,
  owner: SessionUser,
  rows: BotKeyRow[],
  now: number,
): Promise<BotKeyView[]> {
  const ids = rows.map((r) => r.id)
  if (ids.length === 0) return []
  const links = await db
    .select({
      keyId: botKeyTokens.keyId,
      id: tokens.id,
      label: tokens.label,
      ownerId: tokens.ownerId,
      share: tokenShares.access,
    })
    .from(botKeyTokens)
    .innerJoin(tokens, eq(tokens.id, botKeyTokens.tokenId))
    .leftJoin(
      tokenShares,
      and(eq(tokenShares.tokenId, tokens.id), eq(tokenShares.userId, owner.id)),
    )
    .where(inArray(botKeyTokens.keyId, ids))
  const successors = await db
    .select({ id: botKeys.id, from: botKeys.rotatedFrom })
    .from(botKeys)
    // By owner first: `rotated_from` has no index of its own, the owner's keys are few.
    .where(and(eq(botKeys.ownerId, owner.id), inArray(botKeys.rotatedFrom, ids)))
  const refused = await db
    .select({ keyId: botKeyFailures.keyId, at: max(botKeyFailures.at) })
    .from(botKeyFailures)
    .where(inArray(botKeyFailures.keyId, ids))
    .groupBy(botKeyFailures.keyId)
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    keyPrefix: r.keyPrefix,
    tokens: links
      .filter((l) => l.keyId === r.id)
      .map((l) => ({
        id: l.id,
        label: can(relationOf(owner, l, l.share), 'token.read_meta') ? l.label : null,
      })),
    expiresAt: iso(r.expiresAt),
    revokedAt: iso(r.revokedAt),
    lastUsedAt: iso(r.lastUsedAt),
    lastUsedIp: r.lastUsedIp,
    createdAt: new Date(r.createdAt).toISOString(),
    status: status(r, owner, now),
    rotatedFrom: r.rotatedFrom,
    replacedBy: successors.find((k) => k.from === r.id)?.id ?? null,
    lastRefusedAt: iso(refused.find((f) => f.keyId === r.id)?.at ?? null),
  }))
}

/** The caller's own key, or 404: another person's key is indistinguishable from none. */
export async function findOwnKey(db: DbLike, owner: SessionUser, id: string) {
  const [row] = await db
    .select()
    .from(botKeys)
    .where(and(eq(botKeys.id, id), eq(botKeys.ownerId, owner.id)))
    .limit(1)
  return row ?? notFound('Bot key')
}

/** A key's expiry from the input: absent or null is none; a time already past is refused. */
export function expiryOf(expiresAt: string | null | undefined, now: number) {
  if (!expiresAt) return null
  const at = Date.parse(expiresAt)
  if (at <= now)
    throw new ApiError(400, 'validation_failed', 'Invalid json', [
      { path: 'expiresAt', message: 'Must be in the future' },
    ])
  return at
}

export async function listBotKeys(deps: Deps, owner: SessionUser) {
  const rows = await deps.db
    .select()
    .from(botKeys)
    .where(eq(botKeys.ownerId, owner.id))
    .orderBy(desc(botKeys.createdAt), desc(botKeys.id))
  return botKeyViews(deps, owner, rows, deps.clock())
}

/** A new key bound to tokens the caller may use (the route has already asked for step-up). */
export async function createBotKey(
  deps: Deps,
  owner: SessionUser,
  input: CreateBotKeyInput,
  who: Who,
) {
  const { db, clock } = deps
  const tokenIds = [...new Set(input.tokenIds)]
  const now = clock()
  const expiresAt = expiryOf(input.expiresAt, now)
  // Checked before the key exists; the bot path checks the policy again at every use.
  for (const id of tokenIds) authorize(await findVisibleToken(db, owner, id), 'token.bind_key')
  const { key, keyHash, keyPrefix } = generateBotKey()
  const row: BotKeyRow = {
    id: newId(),
    ownerId: owner.id,
    name: input.name,
    keyHash,
    keyPrefix,
    expiresAt,
    revokedAt: null,
    lastUsedAt: null,
    lastUsedIp: null,
    rotatedFrom: null,
    createdAt: now,
  }
  await transaction(db, async (tx) => {
    await tx.insert(botKeys).values(row)
    await tx.insert(botKeyTokens).values(tokenIds.map((tokenId) => ({ keyId: row.id, tokenId })))
    await recordAudit(tx, {
      at: now,
      actorId: owner.id,
      action: 'bot_key.created',
      targetType: 'bot_key',
      targetId: row.id,
      ownerId: owner.id,
      ...who,
      detail: { tokens: tokenIds.length },
    })
  })
  const [view] = await botKeyViews(deps, owner, [row], now)
  return { ...(view ?? notFound('Bot key')), key }
}

export async function revokeBotKey(deps: Deps, owner: SessionUser, id: string, who: Who) {
  const now = deps.clock()
  await transaction(deps.db, async (tx) => {
    const revoked = await tx
      .update(botKeys)
      .set({ revokedAt: now })
      .where(and(eq(botKeys.id, id), eq(botKeys.ownerId, owner.id), isNull(botKeys.revokedAt)))
      .returning({ id: botKeys.id })
    if (revoked.length === 0) notFound('Bot key')
    await recordAudit(tx, {
      ...who,
      at: now,
      actorId: owner.id,
      action: 'bot_key.revoked',
      targetType: 'bot_key',
      targetId: id,
      ownerId: owner.id,
    })
  })
}
