import { createHash, randomBytes } from 'node:crypto'
import type { BotKeyView } from '@tokendesk/shared/schemas/bot-key'
import { eq, inArray } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { type botKeys, botKeyTokens, tokens } from '../../db/schema'

type BotKeyRow = typeof botKeys.$inferSelect

export const KEY_PREFIX = 'tdk_'

export const hashBotKey = (key: string) => createHash('sha256').update(key).digest('base64url')

/** `tdk_` and 32 random bytes: shown once, stored only as a hash. */
export function generateBotKey() {
  const key = `${KEY_PREFIX}${randomBytes(32).toString('base64url')}`
  return { key, keyHash: hashBotKey(key), keyPrefix: key.slice(0, 10) }
}

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString())

export function botKeyViews(db: Db, rows: BotKeyRow[], now: number): BotKeyView[] {
  const ids = rows.map((r) => r.id)
  const links = ids.length
    ? db
        .select({ keyId: botKeyTokens.keyId, id: tokens.id, label: tokens.label })
        .from(botKeyTokens)
        .innerJoin(tokens, eq(tokens.id, botKeyTokens.tokenId))
        .where(inArray(botKeyTokens.keyId, ids))
        .all()
    : []
  return rows.map((r) => ({
    id: r.id,
    name: r.name,
    keyPrefix: r.keyPrefix,
    tokens: links.filter((l) => l.keyId === r.id).map(({ id, label }) => ({ id, label })),
    expiresAt: iso(r.expiresAt),
    revokedAt: iso(r.revokedAt),
    lastUsedAt: iso(r.lastUsedAt),
    lastUsedIp: r.lastUsedIp,
    createdAt: new Date(r.createdAt).toISOString(),
    status:
      r.revokedAt !== null
        ? 'revoked'
        : r.expiresAt !== null && r.expiresAt <= now
          ? 'expired'
          : 'active',
  }))
}
