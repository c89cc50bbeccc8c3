import type { AppDeps } from '../../app-env'
import { fail, notFound } from '../../lib/http-error'
import { botKeyDenial, relationOf } from '../authz/policy'
import { isDue } from '../refresh/due'
import type { RefreshEngine } from '../refresh/refresh-engine'
import { unseal } from '../tokens/token-secrets'
import { isRefreshable, type TokenRow } from '../tokens/token-view'
import { prepareBotAccess } from './bot-access-store'
import { hashBotKey, KEY_FORMAT } from './bot-key-store'
import { createRateLimiter } from './rate-limiter'
import type { UsageRecorder } from './usage-recorder'

const unauthorized = () => fail(401, 'unauthenticated', 'A valid bot key is required')

type KeyRow = { id: string }

export type TokenAccess = {
  access_token: string
  token_type: 'bearer'
  expires_at: string | null
  scopes: string[]
}

/**
 * `GET /v1/tokens/:id/access`: a bot key trades itself for a token's current value, renewing
 * the token first when it is due. One instance per app: it holds the prepared lookups, their
 * cache and the per-key rate limits. Every call runs the policy on rows that are current as of
 * the call's start (see bot-access-store).
 *
 * The answer comes back synchronously unless the token had to be renewed first: a promise per
 * call, on a path that needs none, kept every answer waiting for the microtask queue (bench #1).
 */
export function createBotAccess(deps: AppDeps, engine: RefreshEngine, usage: UsageRecorder) {
  const { clock, config, keyring } = deps
  const limiter = createRateLimiter({ ...config.botRate, now: clock })
  const store = prepareBotAccess(deps.db)

  function accessToken(
    presented: string,
    tokenId: string,
    who: { ip: string | null },
  ): TokenAccess | Promise<TokenAccess> {
    if (!KEY_FORMAT.test(presented)) unauthorized()
    const keyHash = hashBotKey(presented)
    store.revalidate()
    const found = store.findKey(keyHash)
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

    const bound = store.findBoundToken(key, tokenId)
    const relation = bound ? relationOf(owner, bound.row, bound.share) : null
    if (botKeyDenial(key, owner, relation, now) !== null || !bound) return notFound('Token')
    const row = bound.row
    if (isRefreshable(row) && isDue(row, now) && row.status === 'active' && row.accessTokenEnc) {
      return engine
        .refresh(row, { actor: { type: 'bot_key', id: key.id }, when: 'if_due' })
        .then((outcome) => {
          // A token still valid is handed out even if its renewal failed; an expired one is not.
          if (outcome.kind === 'circuit_open' || outcome.kind === 'failed') {
            const { expiresAt } = outcome.row
            if (expiresAt !== null && expiresAt <= now)
              fail(502, 'provider_error', 'The provider did not renew the token')
          }
          return handOut(key, outcome.row, who, now)
        })
    }
    return handOut(key, row, who, now)
  }

  function handOut(key: KeyRow, row: TokenRow, who: { ip: string | null }, now: number) {
    if (row.status === 'revoked' || !row.accessTokenEnc)
      fail(409, 'conflict', 'This token was revoked')
    if (row.status === 'needs_reauth')
      fail(409, 'reauth_required', 'The token needs to be reconnected by its owner')
    usage.record({ keyId: key.id, tokenId: row.id, ownerId: row.ownerId, ip: who.ip, at: now })
    const envelope = row.accessTokenEnc
    return {
      access_token: store.valueOf(key, row, envelope, () =>
        unseal(keyring, row, 'access_token', envelope),
      ),
      token_type: 'bearer' as const,
      expires_at: row.expiresAt === null ? null : new Date(row.expiresAt).toISOString(),
      scopes: row.scopes,
    }
  }

  return accessToken
}

export type BotAccess = ReturnType<typeof createBotAccess>
