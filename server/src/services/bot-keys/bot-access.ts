import type { AppDeps } from '../../app-env'
import { pgLossyPool, pgPool } from '../../db/client'
import type { botKeys } from '../../db/schema'
import { fail, notFound, retryAfter } from '../../lib/http-error'
import { botKeyDenial, relationOf } from '../authz/policy'
import { isDue } from '../refresh/due'
import { backoffUntil, type RefreshEngine } from '../refresh/refresh-engine'
import { unseal } from '../tokens/token-secrets'
import { isRefreshable, type TokenRow } from '../tokens/token-view'
import { prepareBotAccessPg } from './bot-access-pg'
import { type BotAccessStore, prepareBotAccess } from './bot-access-store'
import { hashBotKey, KEY_FORMAT } from './bot-key-store'
import { createRateLimiter, createSharedRateLimiter } from './rate-limiter'
import type { Refusal, UsageRecorder } from './usage-recorder'

const unauthorized = () => fail(401, 'unauthenticated', 'A valid bot key is required')

type KeyRow = { id: string }
type Who = { ip: string | null }
type FoundKey = { key: typeof botKeys.$inferSelect; ownerDisabled: boolean }
type Decrypt = (row: TokenRow, envelope: string) => string
/** The key and the bound token as one look at the database found them, and when. */
type Resolved = { key: KeyRow; row: TokenRow; now: number }

const expired = (row: TokenRow, at: number) => row.expiresAt !== null && row.expiresAt <= at

/** An expired token the provider has not renewed (yet): 502, with when to ask again. */
const notRenewed = (retryInMs: number) =>
  fail(502, 'provider_error', 'The provider did not renew the token', retryAfter(retryInMs))

export type BotAccessOptions = {
  /**
   * How long a bot waits for the renewal of a token that is due but still valid for at least a
   * minute. After that it gets the current value (the state read again, so a revoke made
   * meanwhile still counts), and the renewal goes on for the next caller: a provider that hangs
   * must not hold every bot for the whole exchange timeout.
   */
  renewalWaitMs?: number
}

/** A due token with at least this much life left may be handed out while its renewal runs. */
const STILL_VALID_MS = 60_000

export type TokenAccess = {
  access_token: string
  token_type: 'bearer'
  expires_at: string | null
  scopes: string[]
}

/**
 * `GET /v1/tokens/:id/access`: a bot key trades itself for a token's current value, renewing
 * the token first when it is due. One instance per process (with the services): it holds the prepared lookups, and on
 * SQLite their cache and the per-key rate limits. Every call runs the policy on rows that are
 * current as of the call's start (see bot-access-store, bot-access-pg).
 *
 * On SQLite the answer comes back synchronously unless the token had to be renewed first: a
 * promise per call, on a path that needs none, kept every answer waiting for the microtask queue
 * (bench #1). On PostgreSQL the lookups and the shared rate limit are queries, so it is async.
 */
export function createBotAccess(
  deps: AppDeps,
  engine: RefreshEngine,
  usage: UsageRecorder,
  opts: BotAccessOptions = {},
) {
  const { clock, config, keyring } = deps
  const renewalWaitMs = opts.renewalWaitMs ?? 2_000
  const pool = pgPool(deps.db)
  return pool
    ? pgAccess(
        prepareBotAccessPg(deps.db),
        // Every call writes its key's bucket: a commit that waited for the disk would cap a key
        // at a few hundred calls a second (the bucket row is locked through each flush).
        createSharedRateLimiter(pgLossyPool(deps.db) ?? pool, config.botRate),
      )
    : sqliteAccess(prepareBotAccess(deps.db), createRateLimiter({ ...config.botRate, now: clock }))

  /** Notes a refused call of a known key: rate-limited, written with the usage batch. */
  function refuse(
    keyId: string,
    tokenId: string,
    who: Who,
    status: Refusal['status'],
    code: Refusal['code'],
    now: number,
  ) {
    usage.refused({ keyId, at: now, status, code, tokenId, ip: who.ip })
  }

  /** The key's own state: 401 before any rate limit or token lookup. */
  function checkKey(found: FoundKey | undefined, tokenId: string, who: Who, now: number) {
    if (!found) return unauthorized()
    const { key } = found
    const owner = { id: key.ownerId, disabled: found.ownerDisabled, role: 'owner' as const }
    if (botKeyDenial(key, owner, null, now) === 'unauthenticated') {
      const code =
        key.revokedAt !== null
          ? 'key_revoked'
          : key.expiresAt !== null && key.expiresAt <= now
            ? 'key_expired'
            : 'owner_disabled'
      refuse(key.id, tokenId, who, 401, code, now)
      return unauthorized()
    }
    return { key, owner }
  }

  function checkRate(keyId: string, wait: number, tokenId: string, who: Who, now: number) {
    if (wait > 0) {
      refuse(keyId, tokenId, who, 429, 'rate_limited', now)
      fail(429, 'too_many_requests', 'Rate limit for this bot key exceeded', {
        'Retry-After': String(Math.ceil(wait / 1000)),
      })
    }
  }

  /** The bound token as the key's owner may use it, or 404. */
  function checkToken(
    { key, owner }: ReturnType<typeof checkKey>,
    bound: { row: TokenRow; share: 'view' | 'use' | null } | undefined,
    tokenId: string,
    who: Who,
    now: number,
  ) {
    const relation = bound ? relationOf(owner, bound.row, bound.share) : null
    if (botKeyDenial(key, owner, relation, now) !== null || !bound) {
      refuse(key.id, tokenId, who, 404, 'token_not_found', now)
      return notFound('Token')
    }
    return bound.row
  }

  function sqliteAccess(
    store: BotAccessStore,
    limiter: ReturnType<typeof createRateLimiter>,
  ): BotAccess {
    return (presented, tokenId, who) => {
      const keyHash = hashOf(presented)
      /** The key and the bound token as they are now; `rated`: the call's rate-limit take. */
      const resolve = (rated: boolean) => {
        store.revalidate()
        const now = clock()
        const checked = checkKey(store.findKey(keyHash), tokenId, who, now)
        if (rated) checkRate(checked.key.id, limiter.take(checked.key.id), tokenId, who, now)
        const row = checkToken(
          checked,
          store.findBoundToken(checked.key, tokenId),
          tokenId,
          who,
          now,
        )
        return { key: checked.key, row, now }
      }
      const { key, row, now } = resolve(true)
      const decrypt = (r: TokenRow, envelope: string) =>
        store.valueOf(key, r, envelope, () => unseal(keyring, r, 'access_token', envelope))
      return serve(key, row, who, now, decrypt, () => resolve(false))
    }
  }

  function pgAccess(
    lookup: ReturnType<typeof prepareBotAccessPg>,
    limiter: ReturnType<typeof createSharedRateLimiter>,
  ): BotAccess {
    const decrypt = (r: TokenRow, envelope: string) => unseal(keyring, r, 'access_token', envelope)
    return async (presented, tokenId, who) => {
      const keyHash = hashOf(presented)
      const resolve = async (rated: boolean) => {
        const found = await lookup(keyHash, tokenId)
        const now = clock()
        const checked = checkKey(found, tokenId, who, now)
        if (rated) checkRate(checked.key.id, await limiter.take(checked.key.id), tokenId, who, now)
        const bound = found?.row ? { row: found.row, share: found.share } : undefined
        return { key: checked.key, row: checkToken(checked, bound, tokenId, who, now), now }
      }
      const { key, row, now } = await resolve(true)
      return serve(key, row, who, now, decrypt, () => resolve(false))
    }
  }

  /**
   * Hands out the token, renewing it first when it is due. `current` reads the key and the token
   * again as they are by then, without renewing: the answer when a renewal takes longer than the
   * wait (`renewalWaitMs` for a token with a minute or more to live; for one with less, its
   * remaining life).
   */
  function serve(
    key: KeyRow,
    row: TokenRow,
    who: Who,
    now: number,
    decrypt: Decrypt,
    current: () => Resolved | Promise<Resolved>,
  ): TokenAccess | Promise<TokenAccess> {
    if (!(isRefreshable(row) && isDue(row, now) && row.status === 'active' && row.accessTokenEnc))
      return handOut(key, row, who, now, decrypt)
    const renewed = engine
      .refresh(row, { actor: { type: 'bot_key', id: key.id }, when: 'if_due' })
      .then((outcome) => {
        // Still valid when the answer goes out, even if its renewal failed; an expired one is not
        // (judged now: the renewal may have taken the token's last seconds).
        if (
          outcome.kind === 'backing_off' ||
          outcome.kind === 'circuit_open' ||
          outcome.kind === 'failed'
        ) {
          const at = clock()
          const until = outcome.kind === 'failed' ? backoffUntil(outcome.row, at) : outcome.until
          if (expired(outcome.row, at)) notRenewed(until === null ? 1_000 : until - at)
        }
        return outcome.row
      })
    const left = row.expiresAt === null ? 0 : row.expiresAt - now
    if (left <= 0) return renewed.then((fresh) => handOut(key, fresh, who, clock(), decrypt))
    const waitMs = left >= STILL_VALID_MS ? renewalWaitMs : left
    const answerNow = (r: Resolved) => {
      // The renewal is still running: come back in a moment for its result.
      if (isRefreshable(r.row) && r.row.status === 'active' && expired(r.row, r.now))
        notRenewed(1_000)
      return handOut(r.key, r.row, who, r.now, decrypt)
    }
    return new Promise<TokenAccess>((resolve, reject) => {
      let answered = false
      const timer = setTimeout(() => {
        answered = true
        try {
          const r = current()
          resolve(r instanceof Promise ? r.then(answerNow) : answerNow(r))
        } catch (err) {
          reject(err)
        }
      }, waitMs)
      renewed.then(
        (fresh) => {
          if (answered) return
          answered = true
          clearTimeout(timer)
          try {
            resolve(handOut(key, fresh, who, clock(), decrypt))
          } catch (err) {
            reject(err)
          }
        },
        (err) => {
          // After the answer, the renewal's own failure is recorded on the token, not here.
          if (answered) return
          answered = true
          clearTimeout(timer)
          reject(err)
        },
      )
    })
  }

  function handOut(
    key: KeyRow,
    row: TokenRow,
    who: Who,
    now: number,
    decrypt: Decrypt,
  ): TokenAccess {
    if (row.status === 'revoked' || !row.accessTokenEnc) {
      refuse(key.id, row.id, who, 409, 'token_revoked', now)
      fail(409, 'conflict', 'This token was revoked')
    }
    if (row.status === 'needs_reauth') {
      refuse(key.id, row.id, who, 409, 'token_needs_reconnect', now)
      fail(409, 'reauth_required', 'The token needs to be reconnected by its owner')
    }
    usage.record({ keyId: key.id, tokenId: row.id, ownerId: row.ownerId, ip: who.ip, at: now })
    return {
      access_token: decrypt(row, row.accessTokenEnc),
      token_type: 'bearer' as const,
      expires_at: row.expiresAt === null ? null : new Date(row.expiresAt).toISOString(),
      scopes: row.scopes,
    }
  }
}

/** The key's hash; a string that is not a key's format is refused before it is hashed. */
function hashOf(presented: string) {
  if (!KEY_FORMAT.test(presented)) unauthorized()
  return hashBotKey(presented)
}

export type BotAccess = (
  presented: string,
  tokenId: string,
  who: { ip: string | null },
) => TokenAccess | Promise<TokenAccess>
