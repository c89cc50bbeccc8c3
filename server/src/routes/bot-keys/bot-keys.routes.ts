import { createBotKeyInputSchema } from '@tokendesk/shared/schemas/bot-key'
import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { and, desc, eq, isNull } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { newId } from '../../db/ids'
import { botKeys, botKeyTokens } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { notFound } from '../../lib/http-error'
import { validate } from '../../lib/validate'
import { currentUser, requireUser } from '../../middleware/session'
import { recordAudit } from '../../services/audit'
import { botKeyViews, generateBotKey } from '../../services/bot-keys/bot-key-store'
import { findVisibleToken, requireUse } from '../../services/tokens/token-access'

export function botKeysRoutes({ db, clock, config }: AppDeps) {
  return new Hono<AppEnv>()
    .use(requireUser)
    .get('/', (c) => {
      const user = currentUser(c)
      const rows = db
        .select()
        .from(botKeys)
        .where(eq(botKeys.ownerId, user.id))
        .orderBy(desc(botKeys.createdAt))
        .all()
      return c.json({ items: botKeyViews(db, rows, clock()), nextCursor: null }, 200)
    })
    .post('/', validate('json', createBotKeyInputSchema), (c) => {
      const user = currentUser(c)
      const input = c.req.valid('json')
      const tokenIds = [...new Set(input.tokenIds)]
      // Only tokens the caller owns or may use; others answer 404/403 like everywhere else.
      for (const id of tokenIds) requireUse(findVisibleToken(db, user, id))
      const { key, keyHash, keyPrefix } = generateBotKey()
      const now = clock()
      const row = {
        id: newId(),
        ownerId: user.id,
        name: input.name,
        keyHash,
        keyPrefix,
        expiresAt: input.expiresAt ? Date.parse(input.expiresAt) : null,
        revokedAt: null,
        lastUsedAt: null,
        lastUsedIp: null,
        createdAt: now,
      }
      db.transaction((tx) => {
        tx.insert(botKeys).values(row).run()
        for (const tokenId of tokenIds)
          tx.insert(botKeyTokens).values({ keyId: row.id, tokenId }).run()
        recordAudit(tx, {
          at: now,
          actorId: user.id,
          action: 'bot_key.created',
          targetType: 'bot_key',
          targetId: row.id,
          ownerId: user.id,
          ...who(c, config.trustProxy),
          detail: { tokens: tokenIds.length },
        })
      })
      const [view] = botKeyViews(db, [row], now)
      return c.json({ ...(view ?? notFound('Bot key')), key }, 201)
    })
    .delete('/:id', validate('param', idParamSchema), (c) => {
      const user = currentUser(c)
      const { id } = c.req.valid('param')
      const now = clock()
      const res = db
        .update(botKeys)
        .set({ revokedAt: now })
        .where(and(eq(botKeys.id, id), eq(botKeys.ownerId, user.id), isNull(botKeys.revokedAt)))
        .run()
      if (res.changes === 0) notFound('Bot key')
      recordAudit(db, {
        ...who(c, config.trustProxy),
        at: now,
        actorId: user.id,
        action: 'bot_key.revoked',
        targetType: 'bot_key',
        targetId: id,
        ownerId: user.id,
      })
      return c.body(null, 204)
    })
}
