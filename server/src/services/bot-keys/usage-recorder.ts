import { eq } from 'drizzle-orm'
import type { Db } from '../../db/client'
import { botKeys, tokens } from '../../db/schema'
import { recordAudit } from '../audit'

type Use = {
  keyId: string
  tokenId: string
  ownerId: string
  ip: string | null
  at: number
  count: number
}

/**
 * Bot calls sit on the hot path, so their bookkeeping is batched: last-used times and one audit
 * row per key and token per flush (with a count) are written once a second in one transaction.
 */
export function createUsageRecorder(db: Db, flushEveryMs = 1000) {
  let pending = new Map<string, Use>()
  const flush = () => {
    if (pending.size === 0) return
    const batch = [...pending.values()]
    pending = new Map()
    db.transaction((tx) => {
      for (const u of batch) {
        tx.update(botKeys)
          .set({ lastUsedAt: u.at, lastUsedIp: u.ip })
          .where(eq(botKeys.id, u.keyId))
          .run()
        recordAudit(tx, {
          at: u.at,
          actorId: u.keyId,
          actorType: 'bot_key',
          action: 'bot.access',
          targetType: 'token',
          targetId: u.tokenId,
          ownerId: u.ownerId,
          ip: u.ip,
          detail: { keyId: u.keyId, count: u.count },
        })
      }
      const byToken = new Map(batch.map((u) => [u.tokenId, u.at]))
      for (const [tokenId, at] of byToken)
        tx.update(tokens).set({ lastUsedAt: at }).where(eq(tokens.id, tokenId)).run()
    })
  }
  const timer = setInterval(flush, flushEveryMs)
  timer.unref()
  return {
    record(u: Omit<Use, 'count'>) {
      const k = `${u.keyId}\0${u.tokenId}`
      const prev = pending.get(k)
      // Updated in place: one object per key and token per flush, not one per call.
      if (prev) {
        prev.at = u.at
        prev.ip = u.ip
        prev.count++
      } else pending.set(k, { ...u, count: 1 })
    },
    flush,
    stop() {
      clearInterval(timer)
      flush()
    },
  }
}

export type UsageRecorder = ReturnType<typeof createUsageRecorder>
