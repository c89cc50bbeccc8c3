import type { RotateBotKeyInput, SetBotKeyTokensInput } from '@tokendesk/shared/schemas/bot-key'
import { and, eq, inArray, isNull } from 'drizzle-orm'
import type { SessionUser } from '../../app-env'
import type { Db } from '../../db/client'
import { newId } from '../../db/ids'
import { botKeys, botKeyTokens } from '../../db/schema'
import { transaction } from '../../db/transaction'
import type { Who } from '../../lib/client-ip'
import { ApiError, fail, notFound } from '../../lib/http-error'
import { recordAudit } from '../audit'
import { can } from '../authz/policy'
import { authorize, findVisibleToken } from '../tokens/token-access'
import {
  type BotKeyRow,
  botKeyViews,
  type Deps,
  expiryOf,
  findOwnKey,
  generateBotKey,
} from './bot-key-store'

/** A revoked or expired key stays as it is: its bindings and lineage are history. */
function requireLive(key: BotKeyRow, now: number) {
  if (key.revokedAt !== null || (key.expiresAt !== null && key.expiresAt <= now))
    fail(409, 'conflict', 'This bot key is revoked or expired; create a new one')
}

const boundTo = async (db: Db, keyId: string) =>
  (
    await db
      .select({ tokenId: botKeyTokens.tokenId })
      .from(botKeyTokens)
      .where(eq(botKeyTokens.keyId, keyId))
  ).map((b) => b.tokenId)

/** Whether the owner may still bind this token (see, and use, it). */
async function mayBind(db: Db, owner: SessionUser, tokenId: string) {
  try {
    return can((await findVisibleToken(db, owner, tokenId)).relation, 'token.bind_key')
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return false
    throw err
  }
}

/**
 * A new key with the old one's name and the bindings its owner may still make. The old key works
 * for `graceMinutes` more (never longer than it would have anyway), then expires; `rotatedFrom`
 * links the two. A key is replaced once: rotating twice is refused, rotate its replacement.
 */
export async function rotateBotKey(
  deps: Deps,
  owner: SessionUser,
  id: string,
  input: RotateBotKeyInput,
  who: Who,
) {
  const { db, clock } = deps
  const now = clock()
  const old = await findOwnKey(db, owner, id)
  requireLive(old, now)
  const expiresAt = expiryOf(input.expiresAt, now)
  const tokenIds: string[] = []
  for (const tokenId of await boundTo(db, old.id))
    if (await mayBind(db, owner, tokenId)) tokenIds.push(tokenId)
  if (tokenIds.length === 0)
    fail(409, 'conflict', 'You may no longer use any token this key fetches; create a new key')
  const graceEnds = now + input.graceMinutes * 60_000
  const oldExpiry = old.expiresAt === null ? graceEnds : Math.min(old.expiresAt, graceEnds)
  const { key, keyHash, keyPrefix } = generateBotKey()
  const row: BotKeyRow = {
    id: newId(),
    ownerId: owner.id,
    name: old.name,
    keyHash,
    keyPrefix,
    expiresAt,
    revokedAt: null,
    lastUsedAt: null,
    lastUsedIp: null,
    rotatedFrom: old.id,
    createdAt: now,
  }
  await transaction(db, async (tx) => {
    // Read again inside the write: two rotations at once make one replacement, not two.
    const [successor] = await tx
      .select({ id: botKeys.id })
      .from(botKeys)
      .where(eq(botKeys.rotatedFrom, old.id))
      .limit(1)
    if (successor) fail(409, 'conflict', 'This key was already replaced; rotate its replacement')
    const shortened = await tx
      .update(botKeys)
      .set({ expiresAt: oldExpiry })
      .where(and(eq(botKeys.id, old.id), isNull(botKeys.revokedAt)))
      .returning({ id: botKeys.id })
    if (shortened.length === 0) fail(409, 'conflict', 'This bot key was revoked meanwhile')
    await tx.insert(botKeys).values(row)
    await tx.insert(botKeyTokens).values(tokenIds.map((tokenId) => ({ keyId: row.id, tokenId })))
    await recordAudit(tx, {
      ...who,
      at: now,
      actorId: owner.id,
      action: 'bot_key.rotated',
      targetType: 'bot_key',
      targetId: row.id,
      ownerId: owner.id,
      detail: {
        from: old.id,
        graceMinutes: input.graceMinutes,
        oldExpiresAt: new Date(oldExpiry).toISOString(),
        tokens: tokenIds.length,
      },
    })
  })
  const [view] = await botKeyViews(deps, owner, [row], now)
  return { ...(view ?? notFound('Bot key')), key }
}

/**
 * Replaces the tokens a key may fetch. Each token added must be one the owner may bind now (the
 * route has asked for step-up); a token kept needs no new check, the bot path checks every use.
 */
export async function setBotKeyTokens(
  deps: Deps,
  owner: SessionUser,
  id: string,
  input: SetBotKeyTokensInput,
  who: Who,
) {
  const { db, clock } = deps
  const now = clock()
  const key = await findOwnKey(db, owner, id)
  requireLive(key, now)
  const wanted = [...new Set(input.tokenIds)]
  const current = new Set(await boundTo(db, key.id))
  const added = wanted.filter((t) => !current.has(t))
  const removed = [...current].filter((t) => !wanted.includes(t))
  for (const tokenId of added)
    authorize(await findVisibleToken(db, owner, tokenId), 'token.bind_key')
  if (added.length > 0 || removed.length > 0)
    await transaction(db, async (tx) => {
      if (removed.length > 0)
        await tx
          .delete(botKeyTokens)
          .where(and(eq(botKeyTokens.keyId, key.id), inArray(botKeyTokens.tokenId, removed)))
      if (added.length > 0)
        await tx
          .insert(botKeyTokens)
          .values(added.map((tokenId) => ({ keyId: key.id, tokenId })))
          .onConflictDoNothing()
      await recordAudit(tx, {
        ...who,
        at: now,
        actorId: owner.id,
        action: 'bot_key.tokens_changed',
        targetType: 'bot_key',
        targetId: key.id,
        ownerId: owner.id,
        detail: { added, removed },
      })
    })
  const [view] = await botKeyViews(deps, owner, [key], now)
  return view ?? notFound('Bot key')
}
