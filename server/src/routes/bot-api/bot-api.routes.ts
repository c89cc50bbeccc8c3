import { idParamSchema } from '@tokendesk/shared/schemas/common'
import { and, eq, sql } from 'drizzle-orm'
import { Hono } from 'hono'
import type { AppDeps, AppEnv } from '../../app-env'
import { botKeys, botKeyTokens, tokenShares, tokens, users } from '../../db/schema'
import { who } from '../../lib/client-ip'
import { fail, notFound } from '../../lib/http-error'
import { validate } from '../../lib/validate'
import { botKeyDenial, relationOf } from '../../services/authz/policy'
import { hashBotKey, KEY_PREFIX } from '../../services/bot-keys/bot-key-store'
import { createRateLimiter } from '../../services/bot-keys/rate-limiter'
import type { UsageRecorder } from '../../services/bot-keys/usage-recorder'
import { isDue } from '../../services/refresh/due'
import type { RefreshEngine } from '../../services/refresh/refresh-engine'
import { unseal } from '../../services/tokens/token-secrets'
import { isRefreshable } from '../../services/tokens/token-view'
import { BOT_OPENAPI } from './openapi'

export function botApiRoutes(deps: AppDeps, engine: RefreshEngine, usage: UsageRecorder) {
  const { db, clock, config, keyring } = deps
  const limiter = createRateLimiter({ ...config.botRate, now: clock })
  const unauthorized = () => fail(401, 'unauthenticated', 'A valid bot key is required')
  // The two lookups of every bot call, built and prepared once: rebuilding the SQL and
  // re-preparing the statement per request was most of this route's CPU time.
  // The two lookups of every bot call, built and prepared once: rebuilding the SQL and
  // re-preparing the statement per request was most of this route's CPU time. The key comes
  // with its owner's state, so a disabled owner's keys stop at once.
  const keyByHash = db
    .select({ key: botKeys, ownerDisabled: users.disabled })
    .from(botKeys)
    .innerJoin(users, eq(users.id, botKeys.ownerId))
    .where(eq(botKeys.keyHash, sql.placeholder('keyHash')))
    .prepare()
  const boundToken = db
    .select({ token: tokens, share: tokenShares.access })
    .from(botKeyTokens)
    .innerJoin(tokens, eq(tokens.id, botKeyTokens.tokenId))
    .leftJoin(
      tokenShares,
      and(eq(tokenShares.tokenId, tokens.id), eq(tokenShares.userId, sql.placeholder('ownerId'))),
    )
    .where(
      and(
        eq(botKeyTokens.keyId, sql.placeholder('keyId')),
        eq(botKeyTokens.tokenId, sql.placeholder('tokenId')),
      ),
    )
    .prepare()

  return new Hono<AppEnv>()
    .get('/openapi.json', (c) => c.json(BOT_OPENAPI, 200))
    .get('/tokens/:id/access', validate('param', idParamSchema), async (c) => {
      const header = c.req.header('authorization') ?? ''
      const presented = header.startsWith('Bearer ') ? header.slice(7).trim() : ''
      if (!presented.startsWith(KEY_PREFIX) || presented.length > 100) unauthorized()
      const found = keyByHash.get({ keyHash: hashBotKey(presented) })
      const now = clock()
      if (!found) return unauthorized()
      const { key } = found
      const owner = { id: key.ownerId, disabled: found.ownerDisabled, role: 'owner' as const }
      // Key state first (401 before any rate-limit or token lookup), then the token (404).
      if (botKeyDenial(key, owner, null, now) === 'unauthenticated') return unauthorized()
      const wait = limiter.take(key.id)
      if (wait > 0)
        fail(429, 'too_many_requests', 'Rate limit for this bot key exceeded', {
          'Retry-After': String(Math.ceil(wait / 1000)),
        })

      const { id } = c.req.valid('param')
      const bound = boundToken.get({ ownerId: key.ownerId, keyId: key.id, tokenId: id })
      const relation = bound ? relationOf(owner, bound.token, bound.share) : null
      if (botKeyDenial(key, owner, relation, now) !== null || !bound) return notFound('Token')
      let row = bound.token
      if (isRefreshable(row) && isDue(row, now) && row.status === 'active' && row.accessTokenEnc) {
        const outcome = await engine.refresh(row, {
          actor: { type: 'bot_key', id: key.id },
          when: 'if_due',
        })
        row = outcome.row
        // A token still valid is handed out even if its renewal failed; an expired one is not.
        if (outcome.kind === 'circuit_open' || outcome.kind === 'failed') {
          if (row.expiresAt !== null && row.expiresAt <= now)
            fail(502, 'provider_error', 'The provider did not renew the token')
        }
      }
      if (row.status === 'revoked' || !row.accessTokenEnc)
        fail(409, 'conflict', 'This token was revoked')
      if (row.status === 'needs_reauth')
        fail(409, 'reauth_required', 'The token needs to be reconnected by its owner')
      usage.record({
        keyId: key.id,
        tokenId: row.id,
        ownerId: row.ownerId,
        ...who(c, config.trustProxy),
        at: now,
      })
      return c.json(
        {
          access_token: unseal(keyring, row, 'access_token', row.accessTokenEnc),
          token_type: 'bearer' as const,
          expires_at: row.expiresAt === null ? null : new Date(row.expiresAt).toISOString(),
          scopes: row.scopes,
        },
        200,
      )
    })
}
